package org.roofsweep.core.systems;

import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.model.Quantization;
import org.roofsweep.core.model.SparsityProfile;

/**
 * Byte sizes a neuron-sparse system places: per layer the dense block (attention, norms, MoE router) and the
 * activation predictor (an MLP d x h, h x n_ff per layer, PowerInfer Sec. 5 / Deja Vu), the LM head, and one FFN
 * neuron (its row of gate and up and its column of down: 3 x d weights, 2 x d for an ungated MLP).
 *
 * <p>The predictor's weights are the model's published ones where they were read ({@code predictor_parameters} of
 * its sparsity profile, spread evenly over the layers: their per-layer widths differ, their sum is what memory and
 * each token's reads see), else a width of the calibration's {@code predictor_rank} in every layer. They are stored
 * as PowerInfer's fork writes them: F16 in an F16 file (convert-hf-to-powerinfer-gguf.py turns every 2-D weight to
 * F16), Q4_0 in a Q4_0 file and Q5_0 in any other quantized one (llama.cpp of the fork,
 * llama_model_quantize_internal: fc1.weight and fc2.weight get GGML_TYPE_Q4_0 under LLAMA_FTYPE_MOSTLY_Q4_0, else
 * GGML_TYPE_Q5_0).
 */
public record SparseFootprint(double denseLayerBytes, double predictorLayerBytes, double headBytes,
        double embeddingBytes, double neuronBytes, double neurons, double predictorFlopsPerToken) {
    /** ggml's block_q4_0: 32 weights in 18 bytes (an FP16 scale and 16 bytes of nibbles), 4.5 bits a weight. */
    static final double Q4_0_BITS = 4.5;
    /** ggml's block_q5_0: 32 weights in 22 bytes (an FP16 scale, 4 bytes of fifth bits, 16 of nibbles). */
    static final double Q5_0_BITS = 5.5;

    /**
     * Sizes for a model at a bit width; {@code predictors} is false for a model without sparsity (sparse-gpu at
     * sparsity 0), which loads no predictors.
     */
    public static SparseFootprint of(ModelSpec m, Precision p, Calibration c, boolean predictors) {
        double wb = p.weightBytes();
        double d = m.hiddenSize();
        double router = m.moe().isMoe() ? d * m.moe().numExperts() : 0;
        double dense = (m.attentionParametersPerLayer() + m.normParametersPerLayer() + router) * wb;
        double predictorParams = predictors ? predictorParametersPerLayer(m, c) : 0;
        double predictor = predictorParams * predictorBits(p) / Units.BITS_PER_BYTE;
        return new SparseFootprint(dense, predictor, (m.lmHeadParameters() + d) * wb, m.embeddingParameters() * wb,
                m.matricesPerNeuron() * d * wb, m.ffnNeurons(), 2 * predictorParams);
    }

    /** One layer's predictor weights: the published total over the layers, else d x r + r x n_ff at the rank. */
    static double predictorParametersPerLayer(ModelSpec m, Calibration c) {
        SparsityProfile s = m.sparsity();
        if (s != null && s.hasPredictorParameters()) {
            return s.predictorParameters() / m.numLayers();
        }
        double r = c.runtime().predictorRank();
        return m.hiddenSize() * r + r * (double) m.intermediateSize() * m.moe().numExperts();
    }

    /**
     * Bits a predictor weight takes in the fork's file of this weight format (see the class comment), the format read
     * by its leading name as sources write it ({@code Q4_0 (4.5 bpw)}: Q4_0).
     */
    static double predictorBits(Precision p) {
        if (p.weightBits() >= Precision.FP16.weightBits()) {
            return Precision.FP16.weightBits();
        }
        String format = Quantization.leadingFormat(p.format());
        boolean q40 = format.equals("q4_0") || format.isEmpty() && p.weightBits() == Q4_0_BITS;
        return q40 ? Q4_0_BITS : Q5_0_BITS;
    }

    /** Dense block plus predictor of one layer: what PowerInfer places per layer before any neuron. */
    public double layerBytes() {
        return denseLayerBytes + predictorLayerBytes;
    }

    public double allNeuronBytes() {
        return neurons * neuronBytes;
    }
}
