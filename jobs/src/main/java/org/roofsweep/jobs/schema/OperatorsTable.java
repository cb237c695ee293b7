package org.roofsweep.jobs.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataTypes;
import org.roofsweep.core.roofline.OperatorBreakdown;
import org.roofsweep.core.sweep.Evaluation;

/**
 * The {@code operators} table: for chosen points (every k-th point id), one row per operator of each phase as
 * {@link OperatorBreakdown} places it on the GPU's roofline, beside the point's identifying inputs so that it joins
 * {@code points} on {@code point_id} and partitions like it. FLOPs and bytes are per instance of the op (one layer,
 * one forward pass); {@code time_s} covers all {@code repeat} instances. Unbounded values (the intensity of an op
 * that moves no bytes) are null, as in {@link PointsTable}.
 */
public final class OperatorsTable {
    /** The table's folder in a sweep's output. */
    public static final String NAME = "operators";
    /** One operator of one phase of one point; {@code index} is its position in the phase. */
    public record Op(Evaluation point, int index, OperatorBreakdown.Row row) {
    }

    /** The table's columns, in order: its Spark schema, and each row's values ({@link Columns}). */
    public static final Columns<Op> TABLE = Columns.of(OperatorsTable.class);

    static {
        Columns.Kind<Columns.Longs<Op>> l = Columns.longs();
        Columns.Kind<Columns.Ints<Op>> i = Columns.ints();
        Columns.Kind<Columns.Doubles<Op>> d = Columns.doubles(); // NaN and infinities are null
        Columns.Kind<Columns.Strings<Op>> s = Columns.strings();
        Columns.Kind<Columns.Booleans<Op>> b = Columns.booleans();
        add("point_id", l, o -> o.point().point().pointId());
        add("platform", s, o -> o.point().point().platform());
        add("gpu", s, o -> o.point().point().gpu());
        add("model", s, o -> o.point().point().model());
        add("system", s, o -> o.point().point().system());
        add("batch", i, o -> o.point().point().batch());
        add("prompt_tokens", i, o -> o.point().point().promptTokens());
        add("images", i, o -> o.point().point().images());
        add("fits", b, o -> o.point().result().fits());
        add("phase", s, o -> o.row().phase());
        add("op_index", i, Op::index);
        add("op", s, o -> o.row().op().name());
        add("kind", s, o -> o.row().op().kind().name().toLowerCase(Locale.ROOT));
        add("repeat", d, o -> o.row().repeat());
        add("flop", d, o -> o.row().op().flops());
        add("weight_bytes", d, o -> o.row().op().weightBytes());
        add("activation_bytes", d, o -> o.row().op().activationBytes());
        add("kv_read_bytes", d, o -> o.row().op().kvReadBytes());
        add("kv_write_bytes", d, o -> o.row().op().kvWriteBytes());
        add("total_bytes", d, o -> o.row().op().bytes());
        add("time_s", d, o -> o.row().seconds());
        add("intensity_flop_per_byte", d, o -> o.row().intensity());
        add("attained_flop_per_s", d, o -> o.row().attainedFlopsPerSecond());
        add("memory_bound", b, o -> o.row().memoryBound());
        add("peak_flop_per_s", d, o -> o.row().peakFlopsPerSecond());
        add("peak_bytes_per_s", d, o -> o.row().peakBytesPerSecond());
    }

    private OperatorsTable() {
    }

    /** One point's operators as rows of this table, each op numbered within its phase. */
    public static List<Op> ops(Evaluation point, List<OperatorBreakdown.Row> breakdown) {
        List<Op> ops = new ArrayList<>();
        String phase = "";
        int index = 0;
        for (OperatorBreakdown.Row op : breakdown) {
            index = op.phase().equals(phase) ? index + 1 : 0;
            phase = op.phase();
            ops.add(new Op(point, index, op));
        }
        return ops;
    }

    /** Only the measures (doubles) may be null, where a value is unbounded. */
    private static <A extends Columns.Access<Op>> void add(String name, Columns.Kind<A> kind, A access) {
        TABLE.add(name, kind, kind.type() == DataTypes.DoubleType, access);
    }
}
