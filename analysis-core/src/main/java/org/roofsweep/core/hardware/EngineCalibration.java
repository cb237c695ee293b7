package org.roofsweep.core.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.roofsweep.core.Units;
import org.roofsweep.core.config.StrictObject;

/**
 * The decode kernels of an inference engine other than llama.cpp (ExLlamaV2, MLC LLM, vLLM, ...), which replace the
 * backend's matrix-vector path: {@code memory} of the data-sheet bandwidth that its quantized GEMV kernels stream and
 * a fixed {@code layerOverheadSeconds} per layer per token (its launches, fused or graph-captured). {@code names} are
 * the words a measurement's framework text names it by; {@code status} is {@code fitted} to that engine's rows,
 * {@code borrowed:<engine>} or {@code uncalibrated}. The prompt path stays the backend's.
 */
public record EngineCalibration(String key, List<String> names, double memory, double layerOverheadSeconds,
        String status) implements java.io.Serializable {
    public EngineCalibration {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("engine " + key + " needs at least one name");
        }
        if (!(memory > 0 && memory <= 1) || !(layerOverheadSeconds >= 0)) {
            throw new IllegalArgumentException("engine " + key
                    + ": memory must lie in (0, 1] and the overhead be >= 0");
        }
        boolean known = status.equals(BackendCalibration.FITTED) || status.equals(BackendCalibration.UNCALIBRATED)
                || status.startsWith(BackendCalibration.BORROWED);
        if (!known) {
            throw new IllegalArgumentException("engine calibration status must be fitted, uncalibrated or "
                    + "borrowed:<engine>, found " + status);
        }
    }

    /** The length of the longest of this engine's names that the framework text holds as a word; 0 when none. */
    public int matchLength(String framework) {
        return longestName(names, framework);
    }

    /** The length of the longest of {@code names} that {@code framework} holds as a word; 0 when none. */
    static int longestName(List<String> names, String framework) {
        String text = framework.toLowerCase(Locale.ROOT);
        int best = 0;
        for (String n : names) {
            String w = n.toLowerCase(Locale.ROOT);
            if (text.matches("(?s).*(?<![a-z0-9])" + java.util.regex.Pattern.quote(w) + "(?![a-z0-9]).*")) {
                best = Math.max(best, w.length());
            }
        }
        return best;
    }

    /** The same engine with fitted figures. */
    public EngineCalibration with(double fittedMemory, double fittedOverheadSeconds, String fittedStatus) {
        return new EngineCalibration(key, names, fittedMemory, fittedOverheadSeconds, fittedStatus);
    }

    /**
     * A backend's efficiencies with this engine's decode kernels in place of its matrix-vector path; the cores'
     * streaming cap stays the device's, and so does the launch clock: the engine's launch figure is quoted at the
     * backend's {@code launch_clock_mhz}, a card of another clock paying it times that clock / its own, as the
     * backend's kernels do (the launches' GPU-side work counts cycles whatever engine issues them).
     */
    public Efficiency over(Efficiency backend) {
        return new Efficiency(memory, backend.compute(), layerOverheadSeconds, backend.quantizedCompute(),
                backend.quantizedPath(), backend.joulesPerFlop(), backend.streamCap(),
                backend.vectorOpsPerInt8Op(), 0, backend.launchClockHz());
    }

    /**
     * The other engines' decode kernels: {@code names} (the framework words), {@code calibration} (fitted,
     * uncalibrated or borrowed:<engine> of this section), {@code memory} and {@code launch_us_per_layer}.
     */
    static Map<String, EngineCalibration> read(StrictObject es, JsonNode node) {
        return NamedEntries.read(es, node, (key, e) -> {
            List<String> names = e.textList("names", true);
            String status = e.text("calibration");
            boolean borrowed = status.startsWith(BackendCalibration.BORROWED)
                    && node.has(status.substring(BackendCalibration.BORROWED.length()));
            boolean known = status.equals(BackendCalibration.FITTED) || status.equals(BackendCalibration.UNCALIBRATED)
                    || borrowed;
            if (!status.isEmpty() && !known) {
                e.problem("calibration", "expected fitted, uncalibrated or borrowed:<engine of this section>, found \""
                        + status + "\"");
            }
            double memory = e.knownFigure("memory", 0.01, 1);
            double overhead = e.knownFigure("launch_us_per_layer", 0, 10_000) * Units.MICROSECOND;
            e.finish();
            return known && !names.isEmpty() && !Double.isNaN(memory + overhead)
                    ? new EngineCalibration(key, names, memory, overhead, status) : null;
        });
    }
}
