package org.roofsweep.core.validate;

import java.util.Locale;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.KernelBuild;
import org.roofsweep.core.model.Quantization;

/**
 * A calibration as the build a measurement ran runs it, read from the row's {@code framework} text: the decode kernels
 * of its build date for its weight format, or of the kernel switch it states ({@link BuildDate},
 * {@link Calibration#builtOn}), and the CLIP graph of the binary that encoded its images:
 * {@value #VIEWS_IN_ONE_GRAPH_BINARY}, the mid-2024 InternVL fork of the InternViT rows, computes all views of an image
 * in one graph ({@link Calibration#withViewsInOneGraph}), where llama.cpp's llava and mtmd compute one per
 * view.
 */
final class RowBuild {
    /** The fork's binary, as the framework text of its rows names it (examples/internvl's README runs it). */
    static final String VIEWS_IN_ONE_GRAPH_BINARY = "llama-internvl-cli";

    private RowBuild() {
    }

    static Calibration of(MeasuredRow row, Calibration c) {
        Calibration built = c.builtOn(build(row));
        return row.framework().toLowerCase(Locale.ROOT).contains(VIEWS_IN_ONE_GRAPH_BINARY)
                ? built.withViewsInOneGraph() : built;
    }

    /**
     * {@code c} as the row's build runs it ({@link Calibration#builtOn}): the decode kernels of the generation its date
     * and weight format, or its stated kernel switch, put it in.
     */
    static Calibration asBuilt(MeasuredRow row, Calibration c) {
        return c.builtOn(build(row));
    }

    /** The row's build as its framework text and weight format state it. */
    static KernelBuild build(MeasuredRow row) {
        return new KernelBuild(BuildDate.of(row.framework()), Quantization.leadingFormat(row.quant()),
                row.framework());
    }
}
