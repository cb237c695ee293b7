package org.roofsweep.core.validate;

import java.util.Locale;
import org.roofsweep.core.hardware.Calibration;

/**
 * A calibration as the build a measurement ran runs it, read from the row's {@code framework} text: the kernels of
 * its build date ({@link BuildDate}, {@link Calibration#builtOn}), and the CLIP graph of the binary that encoded its
 * images: {@value #VIEWS_IN_ONE_GRAPH_BINARY}, the mid-2024 InternVL fork of the InternViT rows, computes all views of
 * an image in one graph ({@link Calibration#withViewsInOneGraph}), where llama.cpp's llava and mtmd compute one per
 * view.
 */
final class RowBuild {
    /** The fork's binary, as the framework text of its rows names it (examples/internvl's README runs it). */
    static final String VIEWS_IN_ONE_GRAPH_BINARY = "llama-internvl-cli";

    private RowBuild() {
    }

    static Calibration of(String framework, Calibration c) {
        Calibration built = BuildDate.of(framework).map(c::builtOn).orElse(c);
        return framework.toLowerCase(Locale.ROOT).contains(VIEWS_IN_ONE_GRAPH_BINARY) ? built.withViewsInOneGraph()
                : built;
    }
}
