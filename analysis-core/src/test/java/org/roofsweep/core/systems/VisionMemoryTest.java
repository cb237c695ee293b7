package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/**
 * The vision encoder's working buffers count against memory: in VRAM where llama.cpp's CLIP graph runs on the GPU,
 * in host memory under the fork, whose clip.cpp builds a CPU graph.
 */
class VisionMemoryTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();

    private static Workload oneImage(boolean flashAttention) {
        return Workload.text(TestCatalogs.model("llava_1_5_7b_prosparse"), TestCatalogs.platform("rtx4090+i7_12700k",
                64), 1, 64, 128).toBuilder().images(1, 336, 336).flashAttention(flashAttention).build();
    }

    /**
     * CLIP ViT-L/14-336: P = 577 patches (576 and the class token), d = 1024, H = 16, n_ff = 4096, FP32. Attention
     * peak: 4 x 577 x 1024 = 2,363,392 floats, plus with FlashAttention off the scores (softmax in place), 16 x 577^2
     * = 5,326,864: 7,690,256 floats = 30,761,024 B (ollama #2706 logs 32.89 MB for this tower's CLIP compute
     * buffer). MLP peak: 2 x 577 x 1024 + 2 x 577 x 4096 = 5,908,480 floats = 23,633,920 B, the larger with
     * FlashAttention on.
     */
    @Test
    void oneLlavaImageNeedsTheLargerOfTheAttentionAndMlpPeaks() {
        assertEquals(30_761_024, RequestShape.of(oneImage(false), CAL).visionActivationBytes(), 1);
        assertEquals(23_633_920, RequestShape.of(oneImage(true), CAL).visionActivationBytes(), 1);
        assertEquals(0, RequestShape.of(oneImage(true).withImages(0, 336, 336), CAL).visionActivationBytes());
    }

    /** dense-gpu holds them in VRAM beside the LLM's buffers; the fork in host memory, not in VRAM. */
    @Test
    void theBuffersSitWhereTheEncoderRuns() {
        Workload w = oneImage(false);
        RequestShape shape = RequestShape.of(w, CAL);
        Result dense = new DenseGpu().evaluate(w, CAL);
        assertEquals(shape.llmActivationBytes(CAL) + 30_761_024, dense.gpuActivationBytes(), 1);
        RequestShape fork = RequestShape.forkOf(w, CAL);
        Result pi = new PowerInfer().evaluate(w, CAL);
        assertEquals(ExecutionMode.SPARSE, pi.mode());
        assertEquals(fork.llmActivationBytes(CAL), pi.gpuActivationBytes(), 1);
    }

    /**
     * The tower's F16 weights sit where its graph runs, and {@code visionWeightBytes} counts those in VRAM: CLIP
     * ViT-L/14-336's 23 used layers of 12.59 M, 1.2 M of patch and position embeddings and the 21.0 M projector,
     * 311.8 M parameters x 2 B = 623.6 MB (0.581 GiB) inside dense-gpu's GPU weights; none in VRAM under the fork's
     * sparse path (its clip.cpp keeps them in host memory, whose total holds them) or cpu-only; the model's total
     * counts them in every system.
     */
    @Test
    void theTowersWeightsCountInVramOnlyWhereTheGraphRunsOnTheGpu() {
        Workload w = oneImage(true);
        double tower = RequestShape.of(w, CAL).visionWeightBytes();
        assertEquals(623.6e6, tower, 0.5e6);
        Result dense = new DenseGpu().evaluate(w, CAL);
        assertEquals(tower, dense.visionWeightBytes(), 1);
        Result pi = new PowerInfer().evaluate(w, CAL);
        assertEquals(ExecutionMode.SPARSE, pi.mode());
        assertEquals(0, pi.visionWeightBytes());
        Result cpu = new CpuOnly().evaluate(w, CAL);
        assertEquals(0, cpu.visionWeightBytes());
        for (Result r : new Result[] {dense, pi, cpu}) {
            assertTrue(r.modelBytes() > tower, r.system());
        }
        assertTrue(pi.hostBytes() > tower, "the fork's host memory holds the tower");
        assertEquals(dense.modelBytes(), cpu.modelBytes(), 1);
    }
}
