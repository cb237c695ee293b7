package org.roofsweep.jobs.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.roofline.OperatorBreakdown;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepConfigFile;
import org.roofsweep.core.sweep.SweepPlan;

/**
 * The image-token axes ({@code image_sparsity}, {@code token_correlation}, {@code image_token_keep},
 * {@code prune_after_layer}) at their defaults change no number: the checksum ({@link RowChecksum}) of
 * {@code small.json}'s points and operators tables over every column but those that record the axes is the one
 * the tables have without the axes (computed on main, with this test as it was before the axes, at the last merge).
 *
 * <p>A deliberate change of the cost model changes these sums too; re-pin them then, from this test's message, after
 * checking that the change is the model's and not the axes'. Re-pinned for the vision paths per backend (the tower at
 * the F16 rate whatever the LLM's format, the {@code vision_calibration} column; the operators table's vision rows on
 * that path), then for one n_ctx of KV cells per batch (points only), then for that merged with the host CPU
 * calibration (per-thread layer cost, fitted CPU memory efficiency; points only); last for the merge with issue 15's
 * GPU calibration (CUDA's F16 GEMM under the power limit, quantized prompts by build date, the refitted backends and
 * family deviations, which move every prefill and decode figure, and the CUDA vision factor refitted to 0.129 on that
 * F16 rate); then (points) for the CPU's quantized kernels with their vector work in series (0.427 and 0.148 on the
 * INT8 rate beside 0.862 FP32 FLOPs per int8 op), which moves every CPU prompt of quantized weights; then for the
 * CLIP graph's attention priced by the build (unfused before llama.cpp PR #16837), which refitted the CUDA vision
 * factor to 0.199 (both sums re-pinned from this test's message at the merge of the two); then for the
 * calibration refitted by {@code ./submit.sh calibrate --write} to the shipped measurements (CUDA's int8 prompt path
 * 0.209 -> 0.268, the ada_geforce compute deviation 1.072 -> 1.062, an ampere_geforce deviation, the CPU's memory
 * 0.808 -> 0.823, layer cost 2.07 -> 1.42 us and vec_dot 0.148 -> 0.169, the CUDA vision factor 0.199 -> 0.2),
 * both sums re-pinned from this test's message; again at the merge of main's CPU expert-matrix cost, ik_llama.cpp
 * engine, CPU FlashAttention re-reads and Vulkan power limit, refitted by {@code ./submit.sh calibrate --write}
 * (points 53dc1626c62288f9 on main after s8-pi, 54712ad19c193596 before -> 90969ef0d84fbcd3, operators 06409ae69979177f on main -> ee9a59518d01a905,
 * read from this test's message); then for the CLIP graph's kernel launches (the backend's launch cost per layer of
 * each graph, one graph per view), which refitted the CUDA vision factor 0.2 -> 0.203 and the paths borrowing it
 * (points 90969ef0d84fbcd3 -> c1958521d57cfd45, operators ee9a59518d01a905 -> 33fa278c723d061e, read from this
 * test's message); and for the CPU figures refitted with ik_llama.cpp PR #54's rows and a cpu-only prompt's
 * cost of every expert its ubatch touches (both merged: points c1958521d57cfd45 -> cc7641ad780752b8, read from this test's
 * message); then for the released PowerInfer predictors of relu_llama2_7b and llava_1_5_7b_prosparse (1.62 GB and
 * 1.02 GB of F16 weights where rank 256 gave 0.25 GB) stored at the fork's format (Q4_0 in a Q4_0 file), which move
 * the sparse systems' points of those models (points cc7641ad780752b8 -> c222dc9ad48cc9e9, read from this test's
 * message); and for the RTX 4090 InternViT encode rows keyed to Mini-InternVL-Chat-2B-V1-5's smaller projector, which
 * refitted the CUDA vision factor 0.203 -> 0.201 and the paths borrowing it, and for {@code vision_weights_gib}
 * counting the tower's weights in VRAM only, 0 under cpu-only and the fork's sparse path (both checked on their
 * branch: the factor set back to 0.203, and that column left out of the sum, give the old sums; merged with the
 * predictors: points c222dc9ad48cc9e9 -> efa50b7fa8b55e60, operators 33fa278c723d061e -> 8962a9de56a1c58d, read
 * from this test's message); and for layer-offload's prompt running a CPU layer's attention on the GPU with its K and
 * V views copied per ubatch, as the ggml-backend scheduler expands the GPU over the ops between offloaded products
 * (points efa50b7fa8b55e60 -> d5fe5a239379ead0, read from this test's message); and for the GPU refit of the ROCm,
 * Vulkan, Metal and CUDA rows appended to measured.csv after line 463 (re-pinned from this test's message); then for the CPU prompt kernels
 * refitted by s11-f (integer matrix kernels 0.526 -> 0.472, vec_dot 0.175 -> 0.165, vector work per int8 op 0.912 ->
 * 0.805, ik_llama.cpp's factors 1.116 / 1.762 -> 1.105 / 1.71; re-pinned from this test's message); then for the CPU's
 * attention at its own measured rate, 0.27 of the FP32 peak whatever the weights, and the CPU prompt kernels refitted
 * with it (0.472 -> 0.48, vec_dot 0.165 -> 0.174, vector work 0.805 -> 0.779, ik_llama.cpp's 1.105 / 1.71 -> 1.092 /
 * 1.673), which move the CPU-side points (points 0a7c265ce14c7194 -> 2bf7a49d5f1320a6, read from this test's message;
 * the operators' sum, whose sampled rows are on the GPU, does not move); merged with the refit of the 13 rows of
 * lhl's second post appended to measured.csv (CUDA decode memory 0.940 -> 0.906 and 123.7 -> 106.2 us a layer, its
 * int8 prompt path 0.28 -> 0.286, ada_geforce 1.081 / 1.062 -> 1.073 / 1.068, the CUDA vision factor 0.201 -> 0.2;
 * alone: points 4d7ae2cc5dacca16, operators 545bf59f5fa4cb0e): points 13e24ef03a712d21, operators 545bf59f5fa4cb0e,
 * read from this test's message; then for the CPU prompt fit over the matrix part alone (the attention's time at its
 * own share out of both times: integer kernels 0.48 -> 0.49, vec_dot 0.174 -> 0.167, vector work 0.779 -> 0.802,
 * ik_llama.cpp 1.092 / 1.673 -> 1.095 / 1.687): points d18816ad46bfb301, read from this test's message; then for
 * the decode fits' Huber loss and CUDA's one-token steps replayed as CUDA graphs at a launch figure of their own
 * (CUDA 0.955, 121.3 us a layer, 72.6 us captured; every backend's decode figures refitted, the GPU operators' memory time with them): points 39d44781c2b34d18,
 * operators 48a08ed726f46df2; then for the launch figures at each card's boost clock, the SMs' cap on CUDA's stream
 * (12 GB/s an SM) and PR #6017's A100 rows (CUDA 0.902, 78.9 us a layer at 2520 MHz, 51.4 us captured, its F16 GEMM
 * 0.716 at 1.187 pJ a FLOP): points e07d03852310ac77, operators 67c0130b06ae5e21; then for the refit with the Jetson,
 * H100 SXM and MI300X rows, the other engines' launches at the card's clock and the family deviations over the
 * fitted engines' empty-cache rows (CUDA 0.894, 77.3 us a layer, 51.5 us captured, ada_geforce memory 1.041): points
 * 76b19a1a4a3e38e6, operators 3c02c8acce0c2311, read from this test's message.
 */
class ImageTokenDefaultsTest {
    /**
     * The columns that record the axes' values: new with them, so left out of the sums; {@code host_bandwidth_gb_s}
     * too, the figure of the later host-bandwidth axis, whose default ("platform") must change no number either, and
     * {@code kv_depth}, the later KV-depth axis (default 0: an empty cache, the request of before).
     */
    private static final Set<String> AXIS_COLUMNS = Set.of("image_sparsity_setting", "image_sparsity",
            "token_correlation", "image_token_keep", "prune_after_layer", "host_bandwidth_gb_s", "kv_depth");
    private static final String POINTS_BEFORE_THE_AXES = "76b19a1a4a3e38e6";
    private static final String OPERATORS_BEFORE_THE_AXES = "3c02c8acce0c2311";

    @Test
    void smallSweepTablesAreUnchangedAtTheDefaults() {
        SweepPlan plan = SweepConfigFile.load(Path.of("configs/sweeps/small.json"), Catalogs.load(Path.of("configs")),
                Long.MAX_VALUE);
        List<String> points = PointsTable.TABLE.names();
        List<String> operators = OperatorsTable.TABLE.names();
        long pointSum = 0;
        long operatorSum = 0;
        long every = plan.settings().operatorsEvery();
        for (long id = 0; id < plan.size(); id++) {
            Evaluation e = plan.evaluate(id);
            pointSum += RowChecksum.of(withoutAxisColumns(points, PointsTable.TABLE.values(e)));
            if (id % every != 0) {
                continue;
            }
            for (OperatorsTable.Op op : OperatorsTable.ops(e, OperatorBreakdown.of(plan.workload(id),
                    plan.calibration(id)))) {
                operatorSum += RowChecksum.of(withoutAxisColumns(operators, OperatorsTable.TABLE.values(op)));
            }
        }
        assertEquals(POINTS_BEFORE_THE_AXES, RowChecksum.hex(pointSum), "points");
        assertEquals(OPERATORS_BEFORE_THE_AXES, RowChecksum.hex(operatorSum), "operators");
    }

    private static Object[] withoutAxisColumns(List<String> names, Object[] values) {
        Object[] kept = new Object[values.length];
        int n = 0;
        for (int k = 0; k < values.length; k++) {
            if (!AXIS_COLUMNS.contains(names.get(k))) {
                kept[n++] = values[k];
            }
        }
        return java.util.Arrays.copyOf(kept, n);
    }
}
