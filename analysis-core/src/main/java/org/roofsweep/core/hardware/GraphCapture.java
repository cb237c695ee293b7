package org.roofsweep.core.hardware;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A backend's decode step run as one captured graph: llama.cpp's CUDA backend records a step's kernels into a CUDA
 * graph and replays it with one launch (ggml-org/llama.cpp PR #6766, commit bc4bba36, merged 2024-05-08; on by default
 * in CMake and Makefile builds, {@code GGML_CUDA_DISABLE_GRAPHS} turns it off), so a layer costs
 * {@code layerOverheadSeconds} per step in place of the backend's per-kernel launches. The backend captures only where
 * every condition of {@code ggml_backend_cuda_graph_compute} holds: a card of at least a gate's compute capability
 * ({@code disable_due_to_gpu_arch}: Ampere, 8.0, from the first gate; Volta and Turing, 7.0, from PR #25749) and one
 * token per step (a node's {@code ne[1] > 1}, any batch of several sequences or a prompt, turns it off); see
 * {@link #captures}. A step split between the GPU and the CPU (layers or experts left on the host) captures only from
 * a gate that says so ({@link Gate#splitPasses}): the backend kept one graph per device, which the splits' changing
 * shapes disabled after a few updates, until PR #18934 (2026-01-24) kept one per split. {@code gates} are those of a
 * build's date ({@link #asOf}): a build dated before the first has none and launches every kernel. {@code status}
 * is where the launch figure comes from, in {@link BackendCalibration}'s vocabulary.
 */
public record GraphCapture(List<Gate> gates, double layerOverheadSeconds, String status)
        implements java.io.Serializable {
    /**
     * From {@code since} on, cards of at least {@code minComputeCapability} capture their decode steps: those wholly on
     * the GPU, and with {@code splitPasses} those split between the GPU and the host too.
     */
    public record Gate(LocalDate since, double minComputeCapability, boolean splitPasses, String source)
            implements java.io.Serializable {
        public Gate {
            if (since == null || !(minComputeCapability > 0)) {
                throw new IllegalArgumentException("a graph gate needs a date and a compute capability above 0: "
                        + since + ", " + minComputeCapability);
            }
        }
    }

    /**
     * The phrases (lower case) by which a measurement's source states the capture whatever the build's date
     * ({@link KernelBuild#states}): {@code GGML_CUDA_DISABLE_GRAPHS} set, or PR #6766's branch before its merge.
     */
    public static final String STATED_OFF = "cuda graphs off";
    public static final String STATED_ON = "cuda graphs on";

    /** A backend that never captures its decode steps. */
    public static final GraphCapture NONE = new GraphCapture(List.of(), 0, BackendCalibration.UNCALIBRATED);

    public GraphCapture {
        gates = gates.stream().sorted(Comparator.comparing(Gate::since)).toList();
        if (!(layerOverheadSeconds >= 0 && layerOverheadSeconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("a captured step's launch cost per layer must be finite and >= 0: "
                    + layerOverheadSeconds);
        }
        if (!BackendCalibration.knownStatus(status)) {
            throw new IllegalArgumentException("graph launch status must be fitted, uncalibrated or "
                    + "borrowed:<backend>, found " + status);
        }
    }

    /** The capture as a build of {@code built} ran it (empty: undated, today's): the gates merged by then. */
    public GraphCapture asOf(Optional<LocalDate> built) {
        return built.map(d -> new GraphCapture(gates.stream().filter(g -> !g.since().isAfter(d)).toList(),
                layerOverheadSeconds, status)).orElse(this);
    }

    /**
     * The capture as {@code build} ran it: none where its source states {@link #STATED_OFF}, today's gates where it
     * states {@link #STATED_ON}, else the gates merged by its date ({@link #asOf}).
     */
    public GraphCapture asRun(KernelBuild build) {
        if (build.states(STATED_OFF)) {
            return asOf(Optional.of(LocalDate.MIN));
        }
        return build.states(STATED_ON) ? this : asOf(build.date());
    }

    /**
     * Whether a decode step of {@code tokensPerStep} tokens (the batch's sequences) on {@code gpu} runs as a graph,
     * {@code split} where part of the step runs on the host.
     */
    public boolean captures(Gpu gpu, int tokensPerStep, boolean split) {
        double cc = gpu.computeCapability();
        return tokensPerStep == 1
                && gates.stream().anyMatch(g -> cc >= g.minComputeCapability() && (!split || g.splitPasses()));
    }

    /** The same gates with another launch figure and status (a fit). */
    public GraphCapture with(double fittedOverheadSeconds, String fittedStatus) {
        return new GraphCapture(gates, fittedOverheadSeconds, fittedStatus);
    }

    /** Whether the backend captures on any card at all. */
    public boolean any() {
        return !gates.isEmpty();
    }
}
