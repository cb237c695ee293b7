package org.roofsweep.jobs.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.roofsweep.core.catalog.Catalogs;
import org.roofsweep.core.Units;
import org.roofsweep.core.hardware.Gpu;
import org.roofsweep.core.model.ModelSpec;

/**
 * The catalog as two small SQL views beside the result tables, for what a point row does not carry: {@code gpus}
 * (memory, bandwidth, peak, launch price, and whether the part is a consumer card) and {@code models} (size,
 * vision tower, published sparsity). Unknown figures are null.
 */
public final class CatalogViews {
    /** GPU view columns: {@code key name vendor family consumer memory_gib bandwidth_gb_per_s fp16_tflops ...}. */
    public static final StructType GPUS = DataTypes.createStructType(List.of(
            DataTypes.createStructField("key", DataTypes.StringType, false),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("vendor", DataTypes.StringType, false),
            DataTypes.createStructField("family", DataTypes.StringType, false),
            DataTypes.createStructField("consumer", DataTypes.BooleanType, false),
            DataTypes.createStructField("memory_gib", DataTypes.DoubleType, true),
            DataTypes.createStructField("bandwidth_gb_per_s", DataTypes.DoubleType, true),
            DataTypes.createStructField("fp16_tflops", DataTypes.DoubleType, true),
            DataTypes.createStructField("int8_tops", DataTypes.DoubleType, true),
            DataTypes.createStructField("host_link_gb_per_s", DataTypes.DoubleType, true),
            DataTypes.createStructField("tdp_w", DataTypes.DoubleType, true),
            DataTypes.createStructField("launch_price_usd", DataTypes.DoubleType, true)));

    /** Model view columns. {@code parameters_b}: language-model parameters in billions (vision tower excluded). */
    public static final StructType MODELS = DataTypes.createStructType(List.of(
            DataTypes.createStructField("key", DataTypes.StringType, false),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("parameters_b", DataTypes.DoubleType, false),
            DataTypes.createStructField("num_layers", DataTypes.IntegerType, false),
            DataTypes.createStructField("hidden_size", DataTypes.IntegerType, false),
            DataTypes.createStructField("moe", DataTypes.BooleanType, false),
            DataTypes.createStructField("multimodal", DataTypes.BooleanType, false),
            DataTypes.createStructField("vision", DataTypes.StringType, true),
            DataTypes.createStructField("published_sparsity", DataTypes.DoubleType, true),
            DataTypes.createStructField("hypothetical", DataTypes.BooleanType, false)));

    private CatalogViews() {
    }

    /** One catalog view: its columns and rows. */
    public record Table(String name, String description, StructType schema, List<Row> rows) {
    }

    /** The {@code gpus} and {@code models} views of {@code catalogs}. */
    public static List<Table> tables(Catalogs catalogs) {
        List<Row> gpus = new ArrayList<>();
        for (Gpu g : catalogs.hardware().gpus().values()) {
            gpus.add(RowFactory.create(g.key(), g.name(), g.vendor(), g.family(), consumer(g),
                    known(g.memoryBytes() / Units.GIB), known(g.bandwidthBytesPerSecond() / Units.GIGA),
                    known(g.peak().fp16() / Units.TERA), known(g.peak().int8() / Units.TERA),
                    known(g.link().bytesPerSecond() / Units.GIGA), known(g.tdpWatts()), known(g.launchPriceUsd())));
        }
        List<Row> models = new ArrayList<>();
        for (ModelSpec m : catalogs.models().models().values()) {
            models.add(RowFactory.create(m.key(), m.name(), m.languageModelParameters() / Units.GIGA,
                    m.numLayers(), m.hiddenSize(), m.moe().isMoe(), m.multimodal(),
                    m.multimodal() ? m.vision().name() : null,
                    m.sparsity() == null ? null : m.sparsity().ffnSparsity(), m.hypothetical()));
        }
        return List.of(new Table("gpus", "the GPU catalog", GPUS, gpus),
                new Table("models", "the model catalog", MODELS, models));
    }

    /** Registers {@code gpus} and {@code models} as Spark temporary views. */
    public static List<View> register(SparkSession spark, Catalogs catalogs) {
        List<View> views = new ArrayList<>();
        for (Table t : tables(catalogs)) {
            spark.createDataFrame(t.rows(), t.schema()).createOrReplaceTempView(t.name());
            views.add(new View(t.name(), t.description()));
        }
        return views;
    }

    /**
     * A consumer (gaming) card: GeForce, Radeon RX or Arc. The catalog's families split architectures, not markets
     * (Turing holds both the RTX 2080 and the Quadro RTX 6000), so the product name decides.
     */
    static boolean consumer(Gpu g) {
        String n = g.name().toLowerCase(Locale.ROOT);
        return n.contains("geforce") || n.contains("radeon rx") || n.startsWith("intel arc ");
    }

    private static Double known(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
