package org.roofsweep.core.systems;

import java.util.function.Consumer;
import org.roofsweep.core.ReasonTexts;
import org.roofsweep.core.Units;
import org.roofsweep.core.request.RequestShape;

/**
 * What a system predicts for one workload. Times in seconds, memory in bytes; for a workload that does not fit
 * ({@code fits == false}, {@code reason} says why) the times are NaN and the memory fields still hold what it would
 * need. Busy times ({@code gpuBusySeconds}, {@code cpuBusySeconds}, {@code transferSeconds}) add up each resource's
 * work over the request; they overlap where a system runs GPU and CPU concurrently.
 *
 * @param mode dense kernels, sparse kernels, or PowerInfer's dense mode (the llama.cpp layer split)
 * @param reservedContextTokens the KV cells reserved for the whole batch (n_ctx, shared by its sequences)
 * @param hostBandwidthBytesPerSecond the host memory bandwidth the CPU side was priced at: the platform's effective
 *     figure, or the sweep's or user's override
 * @param hotNeuronFraction fraction of FFN neurons resident on the GPU (1 for all-GPU systems)
 * @param gpuNeuronShare fraction of the activated FFN neurons of a decode step that the GPU serves
 * @param decodeSparsity fraction of FFN weights a decode step skips (the batch's union of active neurons counted)
 * @param prefillSparsity the same over the whole prompt
 * @param decodeBound "memory" or "compute": which roofline ceiling bounds the GPU's work in the first decode step
 * @param decodeIntensity arithmetic intensity (FLOP/byte) of that GPU work
 * @param visionWeightBytes the vision tower's weights in GPU memory, a part of {@code gpuWeightBytes}: 0 where they
 *     stay in host memory ({@code cpu-only}; PowerInfer's fork, whose CLIP graph runs on the CPU over host weights);
 *     {@code modelBytes} counts them wherever they are
 */
public record Result(
        String system,
        ExecutionMode mode,
        boolean fits,
        String reason,
        int imageTokens,
        int promptTokens,
        int contextTokens,
        int reservedContextTokens,
        double hostBandwidthBytesPerSecond,
        double visionSeconds,
        double prefillSeconds,
        double ttftSeconds,
        double decodeSeconds,
        double tpotSeconds,
        double e2eSeconds,
        double decodeTokensPerSecond,
        double e2eTokensPerSecond,
        double gpuBusySeconds,
        double cpuBusySeconds,
        double transferSeconds,
        double modelBytes,
        double gpuBytes,
        double gpuWeightBytes,
        double gpuKvBytes,
        double gpuActivationBytes,
        double visionWeightBytes,
        double hostBytes,
        double kvBytes,
        int gpuLayers,
        double hotNeuronFraction,
        double gpuNeuronShare,
        double decodeSparsity,
        double prefillSparsity,
        String decodeBound,
        double decodeIntensity) {

    /** Collects a result field by field; {@link #build()} derives the request totals from the phase times. */
    public static final class Builder {
        /**
         * Bits of a memory text's key that hold its value (a layer count, or the platform's GiB tenths: 64 TiB is
         * 655,360 GiB, under 2^24 tenths); the needed GiB tenths above them.
         */
        private static final int VALUE_BITS = 24;
        private static final long VALUE_MASK = (1L << VALUE_BITS) - 1;
        /** The texts of {@link #requireGpuRoom}, by card and GiB tenths; of {@link #requireHostMemory}, by figures. */
        private static final ReasonTexts GPU_ROOM_TEXTS = new ReasonTexts(1024);
        private static final ReasonTexts HOST_MEMORY_TEXTS = new ReasonTexts(2048);
        private final String system;
        private final ExecutionMode mode;
        private final RequestShape shape;
        private String reason = "";
        private double visionSeconds;
        private double prefillSeconds;
        private double decodeSeconds;
        private double firstStepSeconds;
        private double gpuBusySeconds;
        private double cpuBusySeconds;
        private double transferSeconds;
        private double modelBytes;
        private double gpuWeightBytes;
        private double gpuKvBytes;
        private double gpuActivationBytes;
        private double gpuReservedBytes;
        private double visionWeightBytes;
        private double hostBytes;
        private double kvBytes;
        private int gpuLayers;
        private double hotNeuronFraction = 1;
        private double gpuNeuronShare = 1;
        private double decodeSparsity;
        private double prefillSparsity;
        private String decodeBound = "";
        private double decodeIntensity = Double.NaN;

        public Builder(String system, ExecutionMode mode, RequestShape shape) {
            this.system = system;
            this.mode = mode;
            this.shape = shape;
        }

        /** Marks the workload infeasible; the first reason given wins. */
        public Builder infeasible(String why) {
            if (reason.isEmpty()) {
                reason = why;
            }
            return this;
        }

        public boolean feasible() {
            return reason.isEmpty();
        }

        /**
         * The check that ends a placement, as every system runs it: the request's own problem first
         * ({@link RequestShape#problem}: whatever the system, it cannot run), then {@code memoryChecks} on this
         * builder (the system's GPU and host memory), the first reason recorded winning. Where {@link #feasible()} is
         * then false, {@link #build()} is the system's whole result.
         */
        Builder check(Consumer<Builder> memoryChecks) {
            infeasible(shape.problem());
            memoryChecks.accept(this);
            return this;
        }

        // Each memory check below leaves a builder that is already infeasible as it is (the first reason wins), so
        // it builds no text that would be dropped.

        /**
         * Infeasible when the GPU memory recorded so far exceeds the card's; the reason names {@code setting} at
         * {@code value} first ({@code gpu_layers=20 needs 30.1 GiB of GPU memory, rtx4090 has 24.0 GiB}).
         */
        public Builder requireGpuMemory(org.roofsweep.core.hardware.Gpu gpu, LayerSetting setting, int value) {
            if (feasible() && gpuBytes() > gpu.memoryBytes()) {
                infeasible(memoryText(setting.gpuMemoryTexts, gpu, value, Units.gibTenths(gpuBytes()),
                        (card, n, tenths) -> setting.prefix((int) n) + "needs " + Units.gibOfTenths(tenths)
                                + " of GPU memory, " + card.key() + " has " + Units.gib(card.memoryBytes())));
            }
            return this;
        }

        /** Infeasible when the fixed GPU needs (vision tower, activations, reserve) alone exceed the card. */
        public Builder requireGpuRoom(org.roofsweep.core.hardware.Gpu gpu, double fixedBytes) {
            if (feasible() && fixedBytes > gpu.memoryBytes()) {
                infeasible(memoryText(GPU_ROOM_TEXTS, gpu, 0, Units.gibTenths(fixedBytes),
                        (card, n, tenths) -> "the vision tower, activations and runtime reserve alone need "
                                + Units.gibOfTenths(tenths) + " of GPU memory, " + card.key() + " has "
                                + Units.gib(card.memoryBytes())));
            }
            return this;
        }

        /** Infeasible when {@code bytes} of host memory exceed the platform's. */
        public Builder requireHostMemory(org.roofsweep.core.hardware.Platform p, double bytes) {
            if (feasible() && bytes > p.hostMemoryBytes()) {
                // the text names no record (a sweep's host memory axis makes a platform per point): the table is its
                // own key, the platform's figure the value
                infeasible(memoryText(HOST_MEMORY_TEXTS, HOST_MEMORY_TEXTS, Units.gibTenths(p.hostMemoryBytes()),
                        Units.gibTenths(bytes), (texts, has, needs) -> "needs " + Units.gibOfTenths(needs)
                                + " of host memory, the platform has " + Units.gibOfTenths(has)));
            }
            return this;
        }

        /** A memory reason's text of a card or platform, a setting's value and a figure in GiB tenths. */
        @FunctionalInterface
        private interface MemoryText<K> {
            String of(K ref, long value, long tenths);
        }

        /**
         * The text of a memory reason of {@code ref} at a setting's {@code value} and a figure of {@code tenths} of a
         * GiB, built once per key ({@link ReasonTexts}, key {@code tenths << VALUE_BITS | value}); a key that does
         * not fit in those bits (never in a real grid) is built anew.
         */
        private static <K> String memoryText(ReasonTexts texts, K ref, long value, long tenths, MemoryText<K> build) {
            if (value < 0 || value > VALUE_MASK || tenths < 0 || tenths >= 1L << (63 - VALUE_BITS)) {
                return build.of(ref, value, tenths);
            }
            return texts.text(ref, tenths << VALUE_BITS | value,
                    (r, key) -> build.of(r, key & VALUE_MASK, key >>> VALUE_BITS));
        }

        /** The phases' times; {@code firstStepSeconds}: the first decode step, a single-token request's TPOT. */
        public Builder times(double visionSeconds, double prefillSeconds, double decodeSeconds,
                double firstStepSeconds) {
            this.visionSeconds = visionSeconds;
            this.prefillSeconds = prefillSeconds;
            this.decodeSeconds = decodeSeconds;
            this.firstStepSeconds = firstStepSeconds;
            return this;
        }

        public Builder busy(double gpuBusySeconds, double cpuBusySeconds, double transferSeconds) {
            this.gpuBusySeconds = gpuBusySeconds;
            this.cpuBusySeconds = cpuBusySeconds;
            this.transferSeconds = transferSeconds;
            return this;
        }

        public Builder gpuMemory(double weightBytes, double kvBytes, double activationBytes, double reservedBytes) {
            this.gpuWeightBytes = weightBytes;
            this.gpuKvBytes = kvBytes;
            this.gpuActivationBytes = activationBytes;
            this.gpuReservedBytes = reservedBytes;
            return this;
        }

        public Builder memory(double modelBytes, double visionWeightBytes, double hostBytes, double kvBytes) {
            this.modelBytes = modelBytes;
            this.visionWeightBytes = visionWeightBytes;
            this.hostBytes = hostBytes;
            this.kvBytes = kvBytes;
            return this;
        }

        public Builder placement(int layers, double hotFraction, double gpuShare) {
            this.gpuLayers = layers;
            this.hotNeuronFraction = hotFraction;
            this.gpuNeuronShare = gpuShare;
            return this;
        }

        public Builder sparsity(double decode, double prefill) {
            this.decodeSparsity = decode;
            this.prefillSparsity = prefill;
            return this;
        }

        public Builder bound(boolean memoryBound, double intensity) {
            this.decodeBound = memoryBound ? "memory" : "compute";
            this.decodeIntensity = intensity;
            return this;
        }

        public double gpuBytes() {
            return gpuWeightBytes + gpuKvBytes + gpuActivationBytes + gpuReservedBytes;
        }

        public Result build() {
            boolean fits = reason.isEmpty();
            double nan = Double.NaN;
            int g = shape.generatedTokens();
            double ttft = visionSeconds + prefillSeconds;
            // G tokens: the prefill yields the first, then G-1 decode steps; a single-token request's TPOT is the
            // step it would take next.
            double tpot = g > 1 ? decodeSeconds / (g - 1) : firstStepSeconds;
            double e2e = ttft + decodeSeconds;
            int b = shape.batch();
            return new Result(system, mode, fits, reason, shape.imageTokens(), shape.promptTokens(), shape.contextTokens(),
                    shape.reservedContextTokens(), shape.workload().platform().hostBandwidthBytesPerSecond(),
                    fits ? visionSeconds : nan, fits ? prefillSeconds : nan, fits ? ttft : nan,
                    fits ? decodeSeconds : nan, fits ? tpot : nan, fits ? e2e : nan,
                    fits ? b / tpot : nan, fits ? (double) b * g / e2e : nan,
                    fits ? gpuBusySeconds : nan, fits ? cpuBusySeconds : nan, fits ? transferSeconds : nan,
                    modelBytes, gpuBytes(), gpuWeightBytes, gpuKvBytes, gpuActivationBytes, visionWeightBytes,
                    hostBytes, kvBytes, gpuLayers, hotNeuronFraction, gpuNeuronShare, decodeSparsity, prefillSparsity,
                    fits ? decodeBound : "", fits ? decodeIntensity : nan);
        }
    }
}
