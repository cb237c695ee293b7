package org.roofsweep.jobs.schema;

import org.roofsweep.core.Units;
import org.roofsweep.core.sweep.Evaluation;
import org.roofsweep.core.sweep.SweepPoint;
import org.roofsweep.core.systems.Result;

/**
 * The {@code points} table: every input column of a grid point beside every result column, units in the names
 * ({@code _s} seconds, {@code _gib} GiB, {@code _per_s} per second). One list of columns, each with its type and the
 * function that reads it from an {@link Evaluation}, so the schema and the row can never disagree. Times and rates
 * of a point that does not fit are null (never NaN); its memory columns still say what it would need.
 */
public final class PointsTable {
    /** The table's folder in a sweep's output. */
    public static final String NAME = "points";
    /** The table's columns, in order: its Spark schema, and each row's values ({@link Columns}). */
    public static final Columns<Evaluation> TABLE = Columns.of(PointsTable.class);

    static {
        Columns.Kind<Columns.Longs<Evaluation>> l = Columns.longs();
        Columns.Kind<Columns.Ints<Evaluation>> i = Columns.ints();
        Columns.Kind<Columns.Doubles<Evaluation>> d = Columns.doubles(); // NaN and infinities are null
        Columns.Kind<Columns.Strings<Evaluation>> s = Columns.strings();
        Columns.Kind<Columns.Booleans<Evaluation>> b = Columns.booleans();
        add("point_id", l, e -> e.point().pointId());
        add("platform", s, e -> e.point().platform());
        add("gpu", s, e -> e.point().gpu());
        add("cpu", s, e -> e.point().cpu());
        add("host_memory_gib", d, e -> e.point().hostMemoryGib());
        add("host_bandwidth_gb_s", d, e -> e.result().hostBandwidthBytesPerSecond() / Units.GIGA);
        add("model", s, e -> e.point().model());
        add("system", s, e -> e.point().system());
        add("weight_format", s, e -> e.point().weightFormat());
        add("weight_bits", d, e -> e.point().weightBits());
        add("kv_bits", i, e -> e.point().kvBits());
        add("activation_bits", i, e -> e.point().activationBits());
        add("batch", i, e -> e.point().batch());
        add("prompt_tokens", i, e -> e.point().promptTokens());
        add("generated_tokens", i, e -> e.point().generatedTokens());
        add("sparsity_setting", d, e -> e.point().sparsitySetting());
        add("sparsity", d, e -> e.point().sparsity());
        add("images", i, e -> e.point().images());
        add("image_width", i, e -> e.point().imageWidth());
        add("image_height", i, e -> e.point().imageHeight());
        add("gpu_layers_setting", i, e -> e.point().gpuLayersSetting());
        add("moe_cpu_layers_setting", i, e -> e.point().moeCpuLayersSetting());
        add("kv_offload", b, e -> e.point().kvOffload());
        add("image_sparsity_setting", d, e -> e.point().imageSparsitySetting());
        add("image_sparsity", d, e -> e.point().imageSparsity());
        add("token_correlation", d, e -> e.point().tokenCorrelation());
        add("image_token_keep", d, e -> e.point().imageTokenKeep());
        add("prune_after_layer", i, e -> e.point().pruneAfterLayer());
        add("kv_depth", i, e -> e.point().kvDepthTokens());
        add("fits", b, e -> e.result().fits());
        add("reason", s, e -> e.result().reason());
        add("execution_mode", s, e -> e.result().mode().label());
        add("image_tokens", i, e -> e.result().imageTokens());
        add("total_prompt_tokens", i, e -> e.result().promptTokens());
        add("context_tokens", i, e -> e.result().contextTokens());
        add("context_size", i, e -> e.result().reservedContextTokens());
        add("vision_s", d, e -> e.result().visionSeconds());
        add("prefill_s", d, e -> e.result().prefillSeconds());
        add("ttft_s", d, e -> e.result().ttftSeconds());
        add("decode_s", d, e -> e.result().decodeSeconds());
        add("tpot_s", d, e -> e.result().tpotSeconds());
        add("e2e_s", d, e -> e.result().e2eSeconds());
        add("decode_tokens_per_s", d, e -> e.result().decodeTokensPerSecond());
        add("e2e_tokens_per_s", d, e -> e.result().e2eTokensPerSecond());
        add("gpu_busy_s", d, e -> e.result().gpuBusySeconds());
        add("cpu_busy_s", d, e -> e.result().cpuBusySeconds());
        add("transfer_s", d, e -> e.result().transferSeconds());
        add("model_gib", d, e -> gib(e.result().modelBytes()));
        add("gpu_used_gib", d, e -> gib(e.result().gpuBytes()));
        add("gpu_weights_gib", d, e -> gib(e.result().gpuWeightBytes()));
        add("gpu_kv_gib", d, e -> gib(e.result().gpuKvBytes()));
        add("gpu_activations_gib", d, e -> gib(e.result().gpuActivationBytes()));
        add("vision_weights_gib", d, e -> gib(e.result().visionWeightBytes()));
        add("host_used_gib", d, e -> gib(e.result().hostBytes()));
        add("kv_cache_gib", d, e -> gib(e.result().kvBytes()));
        add("gpu_layers", i, e -> e.result().gpuLayers());
        add("hot_neuron_fraction", d, e -> e.result().hotNeuronFraction());
        add("gpu_neuron_share", d, e -> e.result().gpuNeuronShare());
        add("decode_sparsity", d, e -> e.result().decodeSparsity());
        add("prefill_sparsity", d, e -> e.result().prefillSparsity());
        add("decode_bound", s, e -> e.result().decodeBound().isEmpty() ? null : e.result().decodeBound());
        add("decode_intensity_flop_per_byte", d, e -> e.result().decodeIntensity());
        add("calibration", s, Evaluation::calibration);
        add("vision_calibration", s, Evaluation::visionCalibration);
        TABLE.reader(PointsTable::read);
    }

    /**
     * The row of {@code e}: every column above, in order, read as its access reads it ({@link Columns.RowReader}:
     * what a task's writer takes, one call per row). {@code ColumnBatchTest} checks it against the accesses on every
     * row of the small sweep; a column added above without its line here fails every write ("the row reader gave ...").
     */
    private static void read(Evaluation e, Columns.Sink out) {
        SweepPoint p = e.point();
        Result r = e.result();
        out.putLong(p.pointId());
        out.putString(p.platform());
        out.putString(p.gpu());
        out.putString(p.cpu());
        out.putDouble(p.hostMemoryGib());
        out.putDouble(r.hostBandwidthBytesPerSecond() / Units.GIGA);
        out.putString(p.model());
        out.putString(p.system());
        out.putString(p.weightFormat());
        out.putDouble(p.weightBits());
        out.putInt(p.kvBits());
        out.putInt(p.activationBits());
        out.putInt(p.batch());
        out.putInt(p.promptTokens());
        out.putInt(p.generatedTokens());
        out.putDouble(p.sparsitySetting());
        out.putDouble(p.sparsity());
        out.putInt(p.images());
        out.putInt(p.imageWidth());
        out.putInt(p.imageHeight());
        out.putInt(p.gpuLayersSetting());
        out.putInt(p.moeCpuLayersSetting());
        out.putBoolean(p.kvOffload());
        out.putDouble(p.imageSparsitySetting());
        out.putDouble(p.imageSparsity());
        out.putDouble(p.tokenCorrelation());
        out.putDouble(p.imageTokenKeep());
        out.putInt(p.pruneAfterLayer());
        out.putInt(p.kvDepthTokens());
        out.putBoolean(r.fits());
        out.putString(r.reason());
        out.putString(r.mode().label());
        out.putInt(r.imageTokens());
        out.putInt(r.promptTokens());
        out.putInt(r.contextTokens());
        out.putInt(r.reservedContextTokens());
        out.putDouble(r.visionSeconds());
        out.putDouble(r.prefillSeconds());
        out.putDouble(r.ttftSeconds());
        out.putDouble(r.decodeSeconds());
        out.putDouble(r.tpotSeconds());
        out.putDouble(r.e2eSeconds());
        out.putDouble(r.decodeTokensPerSecond());
        out.putDouble(r.e2eTokensPerSecond());
        out.putDouble(r.gpuBusySeconds());
        out.putDouble(r.cpuBusySeconds());
        out.putDouble(r.transferSeconds());
        out.putDouble(gib(r.modelBytes()));
        out.putDouble(gib(r.gpuBytes()));
        out.putDouble(gib(r.gpuWeightBytes()));
        out.putDouble(gib(r.gpuKvBytes()));
        out.putDouble(gib(r.gpuActivationBytes()));
        out.putDouble(gib(r.visionWeightBytes()));
        out.putDouble(gib(r.hostBytes()));
        out.putDouble(gib(r.kvBytes()));
        out.putInt(r.gpuLayers());
        out.putDouble(r.hotNeuronFraction());
        out.putDouble(r.gpuNeuronShare());
        out.putDouble(r.decodeSparsity());
        out.putDouble(r.prefillSparsity());
        out.putString(r.decodeBound().isEmpty() ? null : r.decodeBound());
        out.putDouble(r.decodeIntensity());
        out.putString(e.calibration());
        out.putString(e.visionCalibration());
    }

    private PointsTable() {
    }

    /** Every column may be null but the point's id and whether it fits. */
    private static <A extends Columns.Access<Evaluation>> void add(String name, Columns.Kind<A> kind, A access) {
        TABLE.add(name, kind, !(name.equals("point_id") || name.equals("fits")), access);
    }

    private static double gib(double bytes) {
        return bytes / Units.GIB;
    }
}
