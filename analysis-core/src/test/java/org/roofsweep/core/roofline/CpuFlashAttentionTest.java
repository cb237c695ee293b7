package org.roofsweep.core.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.TestCatalogs;
import org.roofsweep.core.hardware.Calibration;
import org.roofsweep.core.hardware.KernelBuild;
import org.roofsweep.core.model.ModelSpec;
import org.roofsweep.core.model.Precision;
import org.roofsweep.core.ops.Op;
import org.roofsweep.core.request.RequestShape;
import org.roofsweep.core.request.Workload;

/**
 * ggml-cpu's FlashAttention attends one query row of one head at a time ({@code flash_attn_ext_f16_one_chunk}: a
 * {@code vec_dot} of each K row, a {@code vec_mad} of its V row), so every scored pair reads a K and a V row; a scan
 * of one KV head that outgrows a core's cache (1 MiB, {@code cpu_cache_kib_per_core}) is read again from host memory
 * for every row and head. Prompts of 64 tokens or more over an F16 cache take the tiled kernel (PR #19012): one scan
 * per 64 query rows. A one-token decode over an F16 cache of 512 keys or more gives each thread a share of the keys for
 * every query head (PR #19209, builds from 2026-02-02 on). Llama-3-8B: 32 query heads of 128, 8 KV heads (KV width
 * 1024).
 */
class CpuFlashAttentionTest {
    private static final ModelSpec LLAMA3_8B = TestCatalogs.model("llama3_8b");
    private static final Calibration CAL = TestCatalogs.CATALOGS.hardware().calibration();
    private static final double MIB = 1024 * 1024;

    private static RequestShape shape(int prompt, int generated, int depth, int kvBits) {
        Workload w = Workload.text(LLAMA3_8B, TestCatalogs.platform("rtx4090+i9_13900k"), 1, prompt, generated)
                .toBuilder().precision(new Precision(16, 16, kvBits)).kvDepthTokens(depth).build();
        return RequestShape.of(w, CAL);
    }

    private static Op attention(Op[] layer) {
        return Arrays.stream(layer).filter(o -> o.name().equals("attention")).findFirst().orElseThrow();
    }

    /** A CPU of 1 TFLOP/s and 100 GB/s whose cores hold 1 MiB of a scan; a GPU of the same rates. */
    private static final ExecutionUnit CPU = new ExecutionUnit("cpu", 1e12, 100e9, 0).withScanCache(MIB);
    private static final ExecutionUnit GPU = new ExecutionUnit("gpu", 1e12, 100e9, 0);

    @Test
    void decodeOnACacheOf8192ReReadsItsHeadsRowsForEveryQueryHeadOnTheCpu() {
        Op a = attention(shape(1, 2, 8192, 16).decodeLayer(0));
        // the first step: 8194 keys; 32 heads x 8194 pairs = 262,208, each a K and a V row of 128 x 2 B = 512 B:
        // 134,250,496 B, less the one read per KV head (2 x 8194 x 1024 x 2 B = 33,562,624): 100,687,872
        assertEquals(33_562_624.0, a.kvReadBytes(), 0.5);
        assertEquals(100_687_872.0, a.kvRereadBytes(), 0.5);
        // one scan: 8194 x 512 B = 4,195,328 B, more than the 1,048,576 of a core's cache
        assertEquals(4_195_328.0, a.kvScanBytes(), 0.5);
        assertEquals(a.bytes() + 100_687_872.0, CPU.bytesOf(a), 0.5);
        // a GPU's kernels share the K and V tiles of a block's rows and heads: no re-reads
        assertEquals(a.bytes(), GPU.bytesOf(a), 0.5);
        // on the CPU the step is memory-bound: (bytes + re-reads) / 100 GB/s against 135,561,536 FLOPs / 1 TFLOP/s
        assertEquals((a.bytes() + 100_687_872.0) / 100e9, CPU.seconds(a), 1e-12);
    }

    @Test
    void aScanThatFitsTheCoresCacheIsNotReadAgain() {
        Op a = attention(shape(1, 2, 1000, 16).decodeLayer(0));
        // 1002 keys: one scan is 1002 x 512 = 513,024 B, within 1 MiB: each core keeps it from one head to the next
        assertEquals(513_024.0, a.kvScanBytes(), 0.5);
        assertEquals(a.bytes(), CPU.bytesOf(a), 0.5);
    }

    @Test
    void aPromptOverAnF16CacheTakesTheTiledKernelAQuantizedOneTheRowKernel() {
        // 512 tokens on 8192: 512 x 8192 + 512 x 513 / 2 = 4,325,632 pairs a head, x 32 = 138,420,224
        Op f16 = attention(shape(512, 1, 8192, 16).prefillLayer());
        // F16, 64 rows a tile: 138,420,224 x 512 B / 64 = 1,107,361,792, less 2 x 8704 x 1024 x 2 B = 35,651,584
        assertEquals(1_071_710_208.0, f16.kvRereadBytes(), 0.5);
        Op q8 = attention(shape(512, 1, 8192, 8).prefillLayer());
        // Q8_0 (8 bits here): every row, 138,420,224 x 2 x 128 x 1 B = 35,435,577,344, less 2 x 8704 x 1024 x 1 B
        // = 17,825,792: 35,417,751,552
        assertEquals(35_417_751_552.0, q8.kvRereadBytes(), 0.5);
        // scans of 8704 x 256 B = 2,228,224 B: more than a core holds
        assertEquals(2_228_224.0, q8.kvScanBytes(), 0.5);
    }

    @Test
    void theUnfusedPathWritesAndReadsItsScoresAsF32() {
        Workload w = Workload.text(LLAMA3_8B, TestCatalogs.platform("rtx4090+i9_13900k"), 1, 512, 1).toBuilder()
                .flashAttention(false).kvDepthTokens(8192).build();
        Op[] layer = RequestShape.of(w, CAL).prefillLayer();
        Op softmax = Arrays.stream(layer).filter(o -> o.name().equals("softmax")).findFirst().orElseThrow();
        // 32 heads x 512 rows x 8704 keys = 142,606,336 scores, read and written as 4-byte floats: 1,140,850,688 B
        assertEquals(1_140_850_688.0, softmax.bytes(), 0.5);
    }

    @Test
    void sincePr19209ADecodeScanIsSplitAmongTheThreadsEachKeepingItsShare() {
        Op a = attention(shape(1, 2, 8192, 16).decodeLayer(0));
        assertTrue(a.kvSplitAcrossThreads());
        // 6 threads: a share of 4,195,328 / 6 = 699,221 B of each KV head's scan, within 1 MiB: walked once for every
        // query head from the core's cache, so only the one read of each head (33,562,624 B of K and as much of V)
        assertEquals(a.bytes(), CPU.withKvSplitThreads(6).bytesOf(a), 0.5);
        // 2 threads: 2,097,664 B a share, more than 1 MiB: every query head reads it again, the same 100,687,872 B
        assertEquals(a.bytes() + 100_687_872.0, CPU.withKvSplitThreads(2).bytesOf(a), 0.5);
    }

    @Test
    void onlyAOneTokenDecodeOfOneSequenceOverAnF16CacheOf512KeysOrMoreIsSplit() {
        // use_split_kv_path: neq1 == 1 and neq3 == 1, K and V F16 (or F32), nek1 >= 512
        assertFalse(attention(shape(1, 2, 8192, 8).decodeLayer(0)).kvSplitAcrossThreads());
        assertFalse(attention(shape(1, 2, 100, 16).decodeLayer(0)).kvSplitAcrossThreads());
        assertFalse(attention(shape(32, 1, 8192, 16).prefillLayer()).kvSplitAcrossThreads());
        // the one-row kernel of a quantized cache re-reads as before on any number of threads
        Op q8 = attention(shape(1, 2, 8192, 8).decodeLayer(0));
        assertEquals(q8.bytes() + q8.kvRereadBytes(), CPU.withKvSplitThreads(6).bytesOf(q8), 0.5);
    }

    @Test
    void aBuildBeforeTheSplitGivesItsThreadsQueryHeads() {
        // the PR was merged on 2026-02-02: a build of the day before splits none, one of that day and today's do
        KernelBuild before = KernelBuild.on(LocalDate.of(2026, 2, 1));
        KernelBuild since = KernelBuild.on(LocalDate.of(2026, 2, 2));
        assertFalse(CAL.builtOn(before).runtime().cpuSplitKvDecode());
        assertTrue(CAL.builtOn(since).runtime().cpuSplitKvDecode());
        assertTrue(CAL.builtOn(new KernelBuild(Optional.empty(), "", "")).runtime().cpuSplitKvDecode());
        // the host CPU of a run shares a split scan among its threads (the i9-13900K: 8, one per P-core), or none
        Workload w = Workload.text(LLAMA3_8B, TestCatalogs.platform("rtx4090+i9_13900k"), 1, 1, 2);
        assertEquals(8, ExecutionUnit.hostCpuOf(w, CAL).kvSplitThreads());
        assertEquals(1, ExecutionUnit.hostCpuOf(w, CAL.builtOn(before)).kvSplitThreads());
    }

    @Test
    void ikLlamaCppsTiledKernelNeverReReads() {
        assertEquals(Double.POSITIVE_INFINITY, CAL.withTiledCpuAttention().runtime().cpuCacheBytesPerCore());
        assertEquals(MIB, CAL.runtime().cpuCacheBytesPerCore());
    }
}
