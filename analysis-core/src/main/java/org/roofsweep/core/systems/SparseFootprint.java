package org.roofsweep.core.systems;

import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;

/**
 * Byte sizes a neuron-sparse system places: per layer the dense block (attention, norms, MoE router) and the
 * activation predictor (an FP16 MLP d x r, r x n_ff per layer, PowerInfer Sec. 5 / Deja Vu), the LM head, and one
 * FFN neuron (its row of gate and up and its column of down: 3 x d weights, 2 x d for an ungated MLP).
 */
public record SparseFootprint(double denseLayerBytes, double predictorLayerBytes, double headBytes,
        double embeddingBytes, double neuronBytes, double neurons, double predictorFlopsPerToken) {

    /**
     * Sizes for a model at a bit width; {@code predictors} is false for a model without sparsity (sparse-gpu at
     * sparsity 0), which loads no predictors.
     */
    public static SparseFootprint of(ModelSpec m, Precision p, Calibration c, boolean predictors) {
        double wb = p.weightBytes();
        double d = m.hiddenSize();
        double r = predictors ? c.runtime().predictorRank() : 0;
        double outputs = (double) m.intermediateSize() * m.moe().numExperts();
        double router = m.moe().isMoe() ? d * m.moe().numExperts() : 0;
        double dense = (m.attentionParametersPerLayer() + m.normParametersPerLayer() + router) * wb;
        double predictorParams = d * r + r * outputs;
        double predictor = predictorParams * Precision.FP16.weightBytes();
        return new SparseFootprint(dense, predictor, (m.lmHeadParameters() + d) * wb, m.embeddingParameters() * wb,
                m.matricesPerNeuron() * d * wb, m.ffnNeurons(), 2 * predictorParams);
    }

    /** Dense block plus predictor of one layer: what PowerInfer places per layer before any neuron. */
    public double layerBytes() {
        return denseLayerBytes + predictorLayerBytes;
    }

    public double allNeuronBytes() {
        return neurons * neuronBytes;
    }
}
