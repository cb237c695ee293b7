package org.roofsweep.core.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.request.Workload;

class CpuExpertCostTest {
    private static final Calibration SHIPPED = TestCatalogs.CATALOGS.hardware().calibration();

    @Test
    void aTokenMultipliesThreeMatricesOfEachUsedExpertInEveryMoeLayer() {
        // Qwen3-30B-A3B: 8 of 128 experts in all 48 layers, gated: 8 x 3 = 24 per layer (1152 a token)
        assertEquals(24, ExecutionUnit.expertMatricesPerLayer(TestCatalogs.model("qwen3_30b_a3b")), 1e-12);
        // Mixtral 8x7B: 2 of 8 in all 32 layers: 6 per layer (192 a token)
        assertEquals(6, ExecutionUnit.expertMatricesPerLayer(TestCatalogs.model("mixtral_8x7b")), 1e-12);
        assertEquals(0, ExecutionUnit.expertMatricesPerLayer(TestCatalogs.model("llama2_7b")));
    }

    @Test
    void aPromptMultipliesEveryExpertItsTokensWereRoutedTo() {
        // Qwen3-30B-A3B, 128 experts touched in each of 48 layers, gate, up and down: 3 x 128 x 48 = 18432
        assertEquals(18432, ExecutionUnit.promptExpertMatrices(TestCatalogs.model("qwen3_30b_a3b"), 128), 1e-9);
        // Mixtral 8x7B, all 8 in 32 layers: 3 x 8 x 32 = 768; a dense model none
        assertEquals(768, ExecutionUnit.promptExpertMatrices(TestCatalogs.model("mixtral_8x7b"), 8), 1e-9);
        assertEquals(0, ExecutionUnit.promptExpertMatrices(TestCatalogs.model("llama2_7b"), 1));
    }

    @Test
    void theCpuLayerCostAddsTheExpertMatricesToTheThreadsBarriers() {
        Workload dense = Workload.text(TestCatalogs.model("llama2_7b"), TestCatalogs.platform("rtx4090+r9_7950x"), 1,
                64, 16);
        Workload moe = Workload.text(TestCatalogs.model("qwen3_30b_a3b"), TestCatalogs.platform("rtx4090+r9_7950x"),
                1, 64, 16);
        double sync = SHIPPED.cpu().layerOverheadSeconds();
        double expert = SHIPPED.cpuExpertSeconds();
        // the 7950X's 16 cores run 16 threads by default: 16 x sync a layer, and 24 x the expert cost for Qwen3
        assertEquals(16 * sync, ExecutionUnit.hostCpuOf(dense, SHIPPED).layerOverheadSeconds(), 1e-15);
        assertEquals(16 * sync + 24 * expert, ExecutionUnit.hostCpuOf(moe, SHIPPED).layerOverheadSeconds(), 1e-15);
        // at the shipped 1.15 us and 6.64 us: 18.40 + 159.36 = 177.76 us a layer, 8.53 ms a token over 48 layers
        assertEquals(177.76e-6, ExecutionUnit.hostCpuOf(moe, SHIPPED).layerOverheadSeconds(), 1e-9);
    }
}
