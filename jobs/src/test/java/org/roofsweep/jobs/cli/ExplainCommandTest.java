package org.roofsweep.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roofsweep.jobs.CliRun;

/** {@code explain}: one point's operators with the operators table's columns, its memory and its result. */
class ExplainCommandTest {
    private static final String[] POINT = {"explain", "--platform", "pc_high", "--model", "llava_1_5_7b",
        "--system", "dense-gpu", "--batch", "1", "--prompt", "64", "--images", "1"};

    private static String[] with(String... more) {
        String[] all = Arrays.copyOf(POINT, POINT.length + more.length);
        System.arraycopy(more, 0, all, POINT.length, more.length);
        return all;
    }

    @Test
    void csvHasTheOperatorsColumnsAndHandCheckedDecodeProjections() {
        CliRun r = CliRun.of(with("--csv"));
        assertEquals(0, r.exitCode(), r.transcript());
        List<String> lines = r.out().lines().toList();
        assertEquals("phase,op,kind,repeat,flop,weight_bytes,activation_bytes,kv_read_bytes,kv_write_bytes,"
                + "total_bytes,intensity_flop_per_byte,bound,time_s,device", lines.get(0));
        String qProj = lines.stream().filter(l -> l.startsWith("decode,q_proj,")).findFirst().orElseThrow();
        String[] c = qProj.split(",");
        // LLaMA-7B's q_proj at batch 1: 2 * 4096 * 4096 = 33,554,432 FLOPs; f16 weights 4096 * 4096 * 2 bytes the same
        assertEquals("32", c[3], "repeat: one per layer");
        assertEquals("33554432", c[4]);
        assertEquals("33554432", c[5]);
        assertEquals("memory", c[11], "decode at batch 1 reads every weight once: memory-bound");
        assertEquals("gpu", c[13], "dense-gpu runs everything on the GPU");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("vision,")), "an image brings the vision phase");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("prefill,")) && lines.stream()
                .anyMatch(l -> l.startsWith("decode_head,")), r.out());
    }

    @Test
    void theTextFormAddsTheMemoryBreakdownAndTheResult() {
        CliRun r = CliRun.of(POINT);
        assertEquals(0, r.exitCode(), r.transcript());
        for (String part : List.of("intensity_flop_per_byte", "memory (GiB)", "gpu kv cache", "result",
                "decode tokens/s", "fits                 yes")) {
            assertTrue(r.out().contains(part), part + " in\n" + r.out());
        }
    }

    /**
     * The page names the host bandwidth the CPU side ran at (pc_high's i9-13900K: its effective 68.2 GB/s, or the
     * option's) and the KV cells reserved for the whole batch: LLaVA-1.5-7B, 1 image, batch 8: 8 x (64 + 576 + 128)
     * = 6144 cells, above llama.cpp's default 4096. A bandwidth outside [1, 5000] GB/s is refused by name.
     */
    @Test
    void thePageNamesTheHostBandwidthAndTheBatchsKvCells() {
        CliRun plain = CliRun.of("explain", "--platform", "pc_high", "--model", "llava_1_5_7b", "--system",
                "layer-offload", "--batch", "8", "--images", "1");
        assertTrue(plain.out().contains("host GB/s            68.2") && plain.out().contains("kv cells (n_ctx)     6144"),
                plain.transcript());
        CliRun set = CliRun.of(with("--host-bandwidth-gb-s", "40"));
        assertTrue(set.out().contains("host GB/s            40.00"), set.transcript());
        CliRun bad = CliRun.of(with("--host-bandwidth-gb-s", "0.5"));
        assertTrue(bad.exitCode() != 0 && bad.transcript().contains("--host-bandwidth-gb-s must be in [1, 5000] GB/s"),
                bad.transcript());
    }

    /**
     * Under powerinfer the FFN of ProSparse-LLaMA2-13B (40 layers, 13824 neurons of 3 x 5120 weights) appears as a GPU
     * row and a CPU row per phase; at sparsity 0.9 a decode step's two halves compute 13824 x 0.1 x 6 x 5120 =
     * 42,467,328 FLOPs between them.
     */
    @Test
    void powerinferShowsTheGpuAndCpuHalvesOfTheFfn() {
        CliRun r = CliRun.of("explain", "--platform", "rtx4090+i9_13900k", "--model", "prosparse_llama2_13b",
                "--system", "powerinfer", "--sparsity", "0.9", "--csv");
        assertEquals(0, r.exitCode(), r.transcript());
        List<String[]> halves = r.out().lines()
                .filter(l -> l.startsWith("decode,ffn_hot,") || l.startsWith("decode,ffn_cold,"))
                .map(l -> l.split(",")).toList();
        assertEquals(2, halves.size(), r.out());
        assertEquals(List.of("ffn_hot", "gpu", "ffn_cold", "cpu"), List.of(halves.get(0)[1], halves.get(0)[13],
                halves.get(1)[1], halves.get(1)[13]));
        assertEquals(42_467_328, Double.parseDouble(halves.get(0)[4]) + Double.parseDouble(halves.get(1)[4]), 1e-3);
        CliRun text = CliRun.of("explain", "--platform", "rtx4090+i9_13900k", "--model", "prosparse_llama2_13b",
                "--system", "powerinfer", "--sparsity", "0.9");
        assertTrue(text.out().contains("mode                 sparse"), text.out());
    }

    @Test
    void aBareGpuServesOnlySystemsWithoutTheHost() {
        CliRun dense = CliRun.of("explain", "--platform", "rtx4090", "--model", "llava_1_5_7b", "--system",
                "dense-gpu", "--csv");
        assertEquals(0, dense.exitCode(), dense.transcript());
        CliRun pi = CliRun.of("explain", "--platform", "rtx4090", "--model", "llava_1_5_7b", "--system",
                "powerinfer");
        assertEquals(2, pi.exitCode(), pi.transcript());
        assertTrue(pi.err().contains("uses the host CPU"), pi.err());
        CliRun bad = CliRun.of(with("--resolution", "big"));
        assertEquals(2, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("--resolution"), bad.err());
    }
}
