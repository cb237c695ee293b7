package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.request.Workload;

/**
 * PowerInfer's {@code --vram-budget} (its fork's {@code llama_set_vram_budget}: the loader places attention blocks,
 * predictors, the head, the KV cache and hot neurons, in that order, in the budget). ReluLLaMA-7B in F16 (d = 4096, n_ff = 11008, 32 layers,
 * 32000-token vocabulary, its released predictors' 8.1e8 F16 weights in configs/models/relu_llama2_7b.json),
 * hand-checked:
 * <ul>
 *   <li>a layer's dense block: Q, K, V, O 4 x 4096^2 = 67,108,864 weights and two norms of 4096, 67,117,056 x 2 B =
 *       134,234,112 B; its predictor 8.1e8 / 32 = 25,312,500 F16 weights, 50,625,000 B; together
 *       184,859,112 B;</li>
 *   <li>a neuron: its gate and up rows and its down column, 3 x 4096 x 2 B = 24,576 B; all 32 x 11008 = 352,256 of
 *       them 8,657,043,456 B.</li>
 * </ul>
 */
class PowerInferVramBudgetTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final double LAYER_BYTES = 184_859_112;
    private static final double ATTENTION_BYTES = 134_234_112;

    private static Workload relu7bOn(String platform) {
        return Workload.text(TestCatalogs.model("relu_llama2_7b"), TestCatalogs.platform(platform, 16), 1, 5, 178)
                .toBuilder().flashAttention(false).build();
    }

    private static Result withBudget(String platform, double gib) {
        Result r = new PowerInfer().withVramBudget(gib * Units.GIB).evaluate(relu7bOn(platform), CAL);
        assertTrue(r.fits(), r.reason());
        return r;
    }

    /**
     * A 2 GiB budget (2,147,483,648 B) holds, in the fork's order (every layer's attention before any predictor,
     * NeuronPlacer), floor(2,147,483,648 / 134,234,112) = 15 layers' attention blocks (F16: 4 x 4096^2 x 2 B +
     * 2 x 4096 x 2 B of norms; 2,013,511,680 B; a 16th would need 2,147,745,792), so no predictor (50,625,000 B a
     * layer, the rest of the 184,859,112), no LM head and no KV cache; the flush stopped early, so the loader runs no
     * GPU split and no neuron is placed. The 133,971,968 B left stay free. (Layer by layer with its predictor it would
     * be 11 layers and 1.317% of the neurons.)
     */
    @Test
    void aTwoGibBudgetOnA3060HoldsFifteenAttentionBlocksAndNoNeuron() {
        Result r = withBudget("rtx3060_12gb+i3_12100f", 2);
        assertEquals(15, r.gpuLayers());
        assertEquals(0, r.hotNeuronFraction());
        assertEquals(15 * ATTENTION_BYTES, r.gpuWeightBytes(), 1);
        assertEquals(0, r.gpuKvBytes());
        assertEquals(LAYER_BYTES - ATTENTION_BYTES, 50_625_000, 1e-6);
        assertEquals(2 * Units.GIB - 15 * ATTENTION_BYTES, 133_971_968, 1e-6);
    }

    /**
     * A budget above what the card holds places what the card holds: 100 and 1000 GiB on a 12 GB RTX 3060 give the
     * same result, within the card's memory less the runtime's 0.5 GiB reserve.
     */
    @Test
    void aBudgetAboveTheCardIsCappedByTheCard() {
        Result big = withBudget("rtx3060_12gb+i3_12100f", 100);
        Result huge = withBudget("rtx3060_12gb+i3_12100f", 1000);
        assertEquals(big, huge);
        assertTrue(big.gpuWeightBytes() + big.gpuKvBytes() <= 11.5 * Units.GIB, "GPU bytes " + big.gpuWeightBytes());
        assertEquals(32, big.gpuLayers());
    }

    /**
     * A budget of 0 is PowerInfer on the CPU alone: no dense layer, head, cache or neuron on the GPU, so the GPU
     * beside it does not matter (an RTX 3060 and an RTX 4090 give the same decode), and the run stays sparse: the
     * fork runs the sparse model it loaded, where the tuned search would have chosen a hot set or the dense mode.
     */
    @Test
    void aZeroBudgetRunsEverythingOnTheCpuWhateverTheGpu() {
        Result on3060 = withBudget("rtx3060_12gb+i9_13900k", 0);
        Result on4090 = withBudget("rtx4090+i9_13900k", 0);
        assertEquals(0, on3060.gpuLayers());
        assertEquals(0, on3060.hotNeuronFraction());
        assertEquals(0, on3060.gpuWeightBytes());
        assertEquals(on3060.decodeTokensPerSecond(), on4090.decodeTokensPerSecond(), 1e-9);
        assertEquals(ExecutionMode.SPARSE, on3060.mode());
        assertFalse(new PowerInfer().evaluate(relu7bOn("rtx4090+i9_13900k"), CAL).gpuLayers() == 0);
    }

    @Test
    void aNegativeBudgetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PowerInfer().withVramBudget(-1));
    }
}
