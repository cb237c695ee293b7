package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Backend;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;
import org.roofsweep.core.roofline.Roofline;
import org.roofsweep.core.roofline.VisionDevice;

class VisionEncodeTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final ModelSpec LLAVA_7B = TestCatalogs.model("llava_1_5_7b");

    private static RequestShape llava(Platform p, int images, Precision precision) {
        return RequestShape.of(Workload.text(LLAVA_7B, p, 1, 32, 16).withImages(images, 336, 336)
                .withPrecision(precision), CAL);
    }

    /**
     * LLaVA-1.5-7B's CLIP ViT-L/14-336 (577 patches, the 23 layers LLaVA uses of 24, the mlp2x_gelu projector):
     * 389.6 GFLOP (VisionTest). On an RTX 4090 the CUDA CLIP graph runs at 0.196 (vision factor) of the CUDA F16 GEMM
     * rate under the 450 W limit, 1 / (1 / (0.716 x 1.063 ada_geforce) + 1.187 pJ x 330.3 TFLOPS / 450 W) = 0.4576 of
     * the 330.3 TFLOPS FP16-accumulate peak: 0.196 x 0.4576 x 330.3 = 29.62 TFLOPS, 389.6 / 29.62 = 13.15 ms (a build
     * of today fuses the attention, VisionAttentionTest), plus the memory-bound norms and GELUs, about 0.5 ms, and the
     * view's graph launching 23 layers at CUDA's 78.9 us a layer at the RTX 4090's 2520 MHz, the launch clock
     * (VisionLaunchTest), 1.81 ms: 15.5 ms. The tower's
     * mmproj is F16 whatever the language model's format, so a Q4_0 LLM encodes its image in the same time.
     */
    @Test
    void llava15TowerOnRtx4090TakesFifteenAndAHalfMillisecondsWhateverTheLlmFormat() {
        Platform p = TestCatalogs.platform("rtx4090+i9_13900k");
        double f16 = VisionEncode.gpuSeconds(llava(p, 1, Precision.FP16), CAL);
        assertEquals(0.0155, f16, 0.0155 * 0.05);
        assertEquals(f16, VisionEncode.gpuSeconds(llava(p, 1, new Precision(4.5, 16, 16)), CAL), 1e-15);
    }

    /**
     * On the i9-13900K's CPU (cpu-only), on llama.cpp's default 8 threads, one per P-core (common_cpu_get_num_math
     * skips a hybrid part's E-cores): F16 products on the P-cores' FP32 FMA units, 1.382 of the part's 2.48 TFLOPS,
     * at the CPU's F16 efficiency 0.5, vision factor 1.0 (uncalibrated): 0.691 TFLOPS, 389.6 / 0.691 = 564 ms, plus
     * the element-wise ops at the effective 68.2 GB/s times the CPU memory efficiency 0.823 = 56.1 GB/s: per layer
     * about 1 x 577 x 4096 x 2 B x 2 (GELU in and out) + 16 x 577^2 x 2 B x 3 (scores written, soft-maxed, read
     * without FlashAttention) = 41 MB, 0.74 ms, 23 layers: about 17 ms more, 0.58 s; the layers' syncs, 23 x 1.42 us x
     * 8 threads = 0.26 ms, do not show. (On all 24 cores it was 314 + 17 ms.)
     */
    @Test
    void llava15TowerOnI9_13900kTakesOverHalfASecondOnItsPCores() {
        double cpu = VisionEncode.cpuSeconds(llava(TestCatalogs.platform("rtx4090+i9_13900k"), 1, Precision.FP16),
                CAL);
        assertEquals(0.578, cpu, 0.578 * 0.03);
    }

    /** More views cost more, and no view is encoded faster than its FLOPs at the device's F16 peak. */
    @Test
    void encodeTimeGrowsWithViewsAndNeverBeatsThePeak() {
        for (String platform : List.of("rtx4090+i9_13900k", "rtx3060_12gb+i5_12400", "apple_m2_ultra_76gpu+i9_13900k",
                "rx7900xtx+r9_7950x")) {
            Platform p = TestCatalogs.platform(platform);
            for (String model : List.of("llava_1_5_7b", "llava_1_6_vicuna_7b", "gemma_3_4b", "internvl2_5_8b")) {
                double previous = 0;
                for (int side : new int[] {336, 672, 1008, 1344}) {
                    RequestShape r = RequestShape.of(Workload.text(TestCatalogs.model(model), p, 1, 32, 16)
                            .withImages(1, side, side), CAL);
                    double s = VisionEncode.gpuSeconds(r, CAL);
                    double flops = r.workload().model().vision().layersUsed() * Roofline.flops(r.visionEncoderLayer())
                            + Roofline.flops(r.visionProjector());
                    assertTrue(s >= flops / p.gpu().peak().fp16(), platform + " " + model + " " + side);
                    assertTrue(s >= previous, platform + " " + model + " " + side + ": " + s + " < " + previous);
                    previous = s;
                }
            }
        }
        Platform p = TestCatalogs.platform("rtx4090+i9_13900k");
        double one = VisionEncode.gpuSeconds(llava(p, 1, Precision.FP16), CAL);
        double four = VisionEncode.gpuSeconds(llava(p, 4, Precision.FP16), CAL);
        assertTrue(four > 3.9 * one && four < 4.1 * one, one + " vs " + four);
    }

    @Test
    void textOnlyRequestsEncodeNothing() {
        RequestShape r = llava(TestCatalogs.platform("rtx4090+i9_13900k"), 0, Precision.FP16);
        assertEquals(0, VisionEncode.gpuSeconds(r, CAL));
        assertEquals(0, VisionEncode.cpuSeconds(r, CAL));
    }

    /**
     * explain's vision rows and the tower's kernel launches (which, as a decode step's, have no row) add up to the
     * result's vision time, on the GPU and, under cpu-only, on the CPU; for the fork running sparse (ProSparse-LLaVA in
     * F16, one image, on the RTX 4090 with 64 GiB of host memory, as PowerInferForkTest has it), the GPU's rows plus
     * its copies over the link.
     */
    @Test
    void theVisionRowsOfExplainSumToTheVisionTime() {
        Workload w = Workload.text(LLAVA_7B, TestCatalogs.platform("pc_high"), 1, 32, 16).withImages(2, 336, 336);
        for (InferenceSystem s : List.of(new DenseGpu(), new CpuOnly(), new LayerOffload(), PowerInfer.ideal())) {
            assertEquals(s.evaluate(w, CAL).visionSeconds(), visionRowSeconds(s, w, false), 1e-12, s.name());
        }
        PowerInfer fork = new PowerInfer();
        Workload split = Workload.text(TestCatalogs.model("llava_1_5_7b_prosparse"),
                TestCatalogs.platform("rtx4090+i9_13900k", 64), 1, 64, 128).withImages(1, 336, 336);
        assertTrue(fork.sparseRun(split, CAL).isPresent(), "the fork runs sparse");
        assertEquals(fork.evaluate(split, CAL).visionSeconds(), visionRowSeconds(fork, split, true), 1e-12);
    }

    /**
     * The seconds of explain's vision rows of {@code w} under {@code s} and the launches of the device they run on;
     * {@code link}: whether they copy over it.
     */
    private static double visionRowSeconds(InferenceSystem s, Workload w, boolean link) {
        List<DeviceOps.Row> vision = DeviceOps.of(s, w, CAL).stream().filter(x -> x.phase().startsWith("vision"))
                .toList();
        assertEquals(link, vision.stream().anyMatch(x -> x.device().equals(DeviceOps.LINK)), s.name() + ": link");
        boolean onCpu = vision.stream().allMatch(x -> x.device().equals(DeviceOps.CPU));
        double launches = VisionDevice.derated(w.platform(), onCpu ? Backend.CPU : Backend.CUDA, CAL)
                .launchSeconds(RequestShape.of(w, CAL));
        return vision.stream().mapToDouble(DeviceOps.Row::seconds).sum() + launches;
    }
}
