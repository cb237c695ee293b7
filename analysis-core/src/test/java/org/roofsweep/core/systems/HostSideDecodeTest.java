package org.roofsweep.core.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.Efficiency;
import org.roofsweep.core.hardware.Platform;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.request.Workload;

/**
 * Hand-checked host-side decode: the CPU roofline with its per-thread layer cost, alone and beside a GPU. The CPU's
 * fitted memory efficiency and layer cost are read from the calibration ({@code ./submit.sh calibrate} refits them);
 * the comments work the arithmetic at today's figures, 0.823 and 1.42 us per layer and thread.
 */
class HostSideDecodeTest {
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final double MEMORY = CAL.cpu().memory();
    private static final double SYNC_SECONDS = CAL.cpu().layerOverheadSeconds();

    /**
     * The setting of the EPYC 9554 rows of measured-extra.csv (ahelpme.com llama-bench, Phi-4 Q8_0, 12 x DDR5-5600
     * RDIMMs, 64 threads by default): the RDIMMs run at the CPU's rated DDR5-4800, so the host bandwidth is the
     * rating 460.8 GB/s x the many-channel family's borrowed dual-channel efficiency 0.76116 = 350.74 GB/s. A token
     * reads 40 layers x 340,797,440 weights (q, o 5120^2; k, v 5120 x 1280; gate, up, down 5120 x 17,920; two norms)
     * + the head's 100,352 x 5120 = 513,802,240, i.e. 14,145,699,840 weights x 8.5 / 8 B = 15.030 GB, streamed at
     * llama.cpp's fitted CPU memory efficiency 0.840 of 350.74 GB/s = 294.62 GB/s: 51.02 ms. The barriers add 40
     * layers x 64 threads x 1.42 us = 3.64 ms (a dense model: no expert matrices). 54.65 ms a token, 18.30 tok/s
     * (measured 19.19); the KV cache of a 129-token context adds under 0.2 ms.
     */
    @Test
    void cpuOnlyDecodeOfPhi4Q8_0OnTheEpyc9554Takes58ms() {
        Platform p = TestCatalogs.platform("rtx4090+epyc_9554", 196);
        Platform ran = Platform.of(p.gpu(), p.cpu().withEffectiveBandwidth(p.cpu().effectiveBandwidthAt(5600),
                p.cpu().bandwidthBasis()), p.hostMemoryBytes());
        Workload w = Workload.text(TestCatalogs.model("phi_4"), ran, 1, 1, 129).withPrecision(new Precision(8.5, 16,
                16));
        Result r = new CpuOnly().evaluate(w, CAL);
        assertTrue(r.fits(), r.reason());
        assertEquals(350.74e9, ran.hostBandwidthBytesPerSecond(), 0.01e9);
        double expected = 15.030e9 / (350.74e9 * MEMORY) + 40 * 64 * SYNC_SECONDS + 0.11e-3;
        assertEquals(expected, r.tpotSeconds(), 0.005 * expected);
    }

    /**
     * Llama-3.1-8B Q4_0 (4.5 bits = 0.5625 B a weight) on an RTX 3060 12GB + Ryzen 9 7900 with -ngl 16: 16 of 32
     * layers on the GPU, the head on the host (not every layer is on the GPU). A layer is 218,112,000 weights =
     * 122.69 MB. Host: 16 layers + the head's 128,256 x 4096 = 525,336,576 weights (295.50 MB) = 2258.5 MB at the
     * 7900's effective 83.2 x 0.7612 = 63.33 GB/s x llama.cpp's CPU memory efficiency 0.840 = 53.20 GB/s = 42.45 ms,
     * plus 16 layers x 12 threads x 1.42 us = 0.273 ms of barriers. GPU: 16 x 122.69 MB = 1963.0 MB at 360 GB/s x the
     * CUDA memory efficiency (today 0.955, no
     * ampere_geforce deviation: 5.710 ms) plus 16 layers of a one-token step, which today's builds replay as a CUDA
     * graph even split with the host (PR #18934): 16 x 72.6 us = 1.162 ms; the GPU figures are read from the
     * calibration so that a refit of the GPU side does not move the host arithmetic. Link: 2 crossings x (10 us +
     * 16,384 B / (31.5 GB/s x 0.85)) = 0.021 ms. About 50.9 ms a token.
     */
    @Test
    void layerOffloadDecodeOfLlama31_8bQ4_0WithHalfTheLayersOnAnRtx3060() {
        Platform p = TestCatalogs.platform("rtx3060_12gb+r9_7900", 64);
        Workload w = Workload.text(TestCatalogs.model("llama3_1_8b"), p, 1, 1, 129)
                .withPrecision(new Precision(4.5, 16, 16)).withGpuLayers(16);
        Result r = new LayerOffload().evaluate(w, CAL);
        assertTrue(r.fits(), r.reason());
        assertEquals(16, r.gpuLayers());
        Efficiency g = CAL.gpu(p.gpu());
        double host = 2258.5e6 / (63.33e9 * MEMORY) + 16 * 12 * SYNC_SECONDS;
        double gpu = 1963.0e6 / (360e9 * g.memory()) + 16 * CAL.stepLayerOverheadSeconds(p.gpu(), 1, true);
        double link = 2 * (10e-6 + 16_384 / (31.5e9 * 0.85));
        assertEquals(host + gpu + link, r.tpotSeconds(), 0.005 * (host + gpu + link));
    }

    /**
     * The laptop of measured-extra.csv (i7-13650HX: 6 P-cores + 8 E-cores, 32 GB), cpu-only, Llama-3.1-8B Q4_0, no
     * {@code -t}: llama.cpp runs one thread per P-core on a hybrid part (common_cpu_get_num_math), 6 threads, not 14.
     * A token reads 32 layers x 122.69 MB + the head's 295.50 MB = 4221.6 MB at the rated 76.8 GB/s x the
     * dual-channel efficiency 0.76116 = 58.457 GB/s x llama.cpp's CPU memory efficiency 0.840 = 49.104 GB/s: 85.97 ms;
     * the barriers add 32 layers x 6 threads x 1.42 us = 0.273 ms (0.636 ms on all 14 cores). Compute stays under it:
     * 2 x 7.506 G weights = 15.01 GOP on vec_dot (bits alone name no kernel) at 1 / (1 / (3.764 TOPS x 0.151) +
     * 0.692 / 0.941 TFLOPS) = 0.4008 TOPS (the vector INT8 rate 4 x 1.4 TFLOPS and the FP32 rate at the P-cores'
     * share 0.941 / 1.4) is 37.4 ms. The KV cache of a 129-token context adds about 0.18 ms: 86.42 ms.
     */
    @Test
    void cpuOnlyDecodeOnAHybridIntelLaptopRunsOneThreadPerPCore() {
        Platform p = TestCatalogs.platform("rtx4070_laptop+i7_13650hx", 32);
        assertEquals(6, p.cpu().runThreads());
        assertEquals(0.941 / 1.4, p.cpu().computeShare(), 1e-9);
        Workload w = Workload.text(TestCatalogs.model("llama3_1_8b"), p, 1, 1, 129).withPrecision(new Precision(4.5, 16,
                16));
        Result r = new CpuOnly().evaluate(w, CAL);
        assertTrue(r.fits(), r.reason());
        double memory = 4221.6e6 / (76.8e9 * 0.76116 * MEMORY);
        double barriers = 32 * 6 * SYNC_SECONDS;
        assertEquals(memory + barriers + 0.18e-3, r.tpotSeconds(), 0.005 * (memory + barriers + 0.18e-3));
    }

    /**
     * The setting of llama.cpp PR #8908's base-commit row (measured-extra.csv): Mistral-7B-Instruct-v0.3 Q4_0 (4.5 bits
     * = 0.5625 B a weight) on a Threadripper PRO 5995WX, 64 threads, eight channels of DDR4-3200. A layer is
     * 218,112,000 weights (q, o 4096^2; k, v 4096 x 1024; gate, up, down 4096 x 14,336; two norms) = 122.69 MB, the
     * head 32,768 x 4096 = 134,217,728 weights = 75.50 MB: 32 x 122.69 + 75.50 = 4001.6 MB a token at the rated
     * 204.8 GB/s x the many-channel family's borrowed dual-channel efficiency 0.76116 = 155.89 GB/s x llama.cpp's CPU
     * memory efficiency 0.840 = 130.95 GB/s: 30.56 ms. The barriers add 32 layers x 64 threads x 1.42 us = 2.91 ms;
     * compute stays under (2 x 7.114 G weights = 14.23 GOP on the integer matrix kernels at 2.72 TOPS: 5.2 ms,
     * CpuMatmulPathTest); the KV cache of a 129-token context reads 32 x 2 x 1024 x 2 B x 129 = 16.9 MB, 0.13 ms.
     * 33.60 ms a token, 29.8 tok/s (measured 33.74).
     */
    @Test
    void cpuOnlyDecodeOfMistral7bQ4_0OnTheThreadripperPro5995wxTakes36ms() {
        Platform p = TestCatalogs.platform("rtx4090+threadripper_pro_5995wx", 256);
        assertEquals(64, p.cpu().runThreads());
        Workload w = Workload.text(TestCatalogs.model("mistral_7b_v0_3"), p, 1, 1, 129).withPrecision(new Precision(4.5,
                16, 16));
        Result r = new CpuOnly().evaluate(w, CAL);
        assertTrue(r.fits(), r.reason());
        double memory = 4001.6e6 / (204.8e9 * 0.76116 * MEMORY);
        double barriers = 32 * 64 * SYNC_SECONDS;
        assertEquals(memory + barriers + 0.13e-3, r.tpotSeconds(), 0.005 * (memory + barriers + 0.13e-3));
    }
}
