package org.roofsweep.jobs.write;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A sweep's tables as Apache Iceberg tables on a Hadoop file system ({@link HadoopTables}: the table at its folder,
 * its metadata in {@code <table>/metadata/vN.metadata.json} with {@code version-hint.text}, data files below
 * {@code <table>/data/}). A commit writes {@code v(N+1).metadata.json} by an atomic rename that fails if another
 * writer took that version first, so each snapshot is published whole or not at all.
 *
 * <p>The data files are the ones the tasks wrote (Spark's layout: partition columns only in the folder names
 * {@code platform=x/model=y}); the table maps their columns by name ({@code schema.name-mapping.default}), and the
 * partition columns are identity partitions, whose values Iceberg readers take from the snapshot's metadata.
 */
public final class IcebergTables {
    /** Snapshot summary key of the run manifest ({@code run.json}'s content). */
    public static final String RUN = "roofsweep.run";
    /** Snapshot summary key of the run that committed the snapshot. */
    public static final String RUN_ID = "roofsweep.run-id";
    /** Points snapshot summary key: the operators table's snapshot that belongs to these points. */
    public static final String OPERATORS_SNAPSHOT = "roofsweep.operators-snapshot-id";
    /** Where the data files of a table lie, below its folder. */
    public static final String DATA = "data";
    /** Iceberg's metadata folder, below a table's folder: a folder holding it holds an Iceberg table. */
    public static final String METADATA = "metadata";

    private IcebergTables() {
    }

    /** The Iceberg schema of a table with Spark schema {@code schema}: the same names, types and nullability. */
    public static Schema schema(StructType schema) {
        List<Types.NestedField> fields = new ArrayList<>();
        int id = 1;
        for (StructField f : schema.fields()) {
            Type t = type(f.dataType());
            fields.add(f.nullable() ? Types.NestedField.optional(id++, f.name(), t)
                    : Types.NestedField.required(id++, f.name(), t));
        }
        return new Schema(fields);
    }

    private static Type type(DataType t) {
        if (t == DataTypes.StringType) {
            return Types.StringType.get();
        }
        if (t == DataTypes.LongType) {
            return Types.LongType.get();
        }
        if (t == DataTypes.IntegerType) {
            return Types.IntegerType.get();
        }
        if (t == DataTypes.DoubleType) {
            return Types.DoubleType.get();
        }
        if (t == DataTypes.BooleanType) {
            return Types.BooleanType.get();
        }
        throw new IllegalArgumentException("no Iceberg type for " + t);
    }

    /** Identity partitions on {@code partitionBy}, in order. */
    public static PartitionSpec spec(Schema schema, List<String> partitionBy) {
        PartitionSpec.Builder b = PartitionSpec.builderFor(schema);
        partitionBy.forEach(b::identity);
        return b.build();
    }

    /** The partition columns of a spec, in order. */
    public static List<String> partitionColumns(Table table) {
        return table.spec().fields().stream().map(PartitionField::name).toList();
    }

    /** Whether {@code folder} holds an Iceberg table. */
    public static boolean exists(String folder, Configuration conf) {
        return new HadoopTables(conf).exists(folder);
    }

    public static Table load(String folder, Configuration conf) {
        return new HadoopTables(conf).load(folder);
    }

    /**
     * The table at {@code folder}, created (format 2, no snapshot) with this schema and partitioning if there is none.
     * Two runs that create it at once both end with the one table that won.
     */
    public static Table createOrLoad(String folder, StructType schema, List<String> partitionBy, Configuration conf) {
        HadoopTables tables = new HadoopTables(conf);
        if (tables.exists(folder)) {
            return tables.load(folder);
        }
        Schema s = schema(schema);
        try {
            return tables.create(s, spec(s, partitionBy), SortOrder.unsorted(), properties(s, folder), folder);
        } catch (AlreadyExistsException | CommitFailedException e) {
            return tables.load(folder);
        }
    }

    /** The table properties roofsweep writes with: how foreign readers map the files' columns, where data lies. */
    static Map<String, String> properties(Schema schema, String folder) {
        return Map.of(TableProperties.FORMAT_VERSION, "2",
                TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(MappingUtil.create(schema)),
                TableProperties.WRITE_DATA_LOCATION, folder + "/" + DATA,
                TableProperties.PARQUET_COMPRESSION, "zstd");
    }

    /** Where the data files of {@code table} lie: its {@code write.data.path}, by default {@code <table>/data}. */
    public static String dataFolder(Table table) {
        return table.properties().getOrDefault(TableProperties.WRITE_DATA_LOCATION, table.location() + "/" + DATA);
    }

    /**
     * The Iceberg entry of a file the tasks wrote below {@code dataFolder}: path, size, rows and the partition values
     * of its folder names (Spark's {@code column=escaped value}; a file directly in the data folder, which only the
     * empty file of a table without rows is, has null partition values).
     */
    public static DataFile dataFile(Table table, String dataFolder, TaskFiles.File f) {
        PartitionSpec spec = table.spec();
        int slash = f.path().lastIndexOf('/');
        String[] dirs = slash < 0 ? new String[0] : f.path().substring(0, slash).split("/");
        PartitionData partition = new PartitionData(spec.partitionType());
        List<String> columns = spec.fields().stream().map(PartitionField::name).toList();
        if (dirs.length > 0 && dirs.length != columns.size()) {
            throw new IllegalStateException(f.path() + " is not in a partition folder of " + spec);
        }
        for (String dir : dirs) {
            int eq = dir.indexOf('=');
            int k = columns.indexOf(eq < 0 ? dir : dir.substring(0, eq));
            if (k < 0) {
                throw new IllegalStateException(f.path() + ": " + dir + " is not a partition of " + spec);
            }
            String value = dir.substring(eq + 1);
            partition.set(k, value.equals(ExternalCatalogUtils.DEFAULT_PARTITION_NAME()) ? null
                    : ExternalCatalogUtils.unescapePathName(value));
        }
        DataFiles.Builder b = DataFiles.builder(spec).withPath(dataFolder + "/" + f.path())
                .withFormat(FileFormat.PARQUET).withRecordCount(f.rows()).withFileSizeInBytes(f.bytes());
        return (spec.isPartitioned() ? b.withPartition(partition) : b).build();
    }

    /** The data files of a snapshot, sorted by path; none without a snapshot. */
    public static List<String> files(Table table, Optional<Snapshot> snapshot) {
        List<String> out = new ArrayList<>();
        if (snapshot.isEmpty()) {
            return out;
        }
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.get().snapshotId())
                .planFiles()) {
            for (FileScanTask t : tasks) {
                out.add(t.file().location());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    /**
     * Every data file a snapshot reachable from the table's branches and tags ever added: the files that the
     * current state or time travel can read. A file not among them (a killed or losing run's, referenced at most by
     * a snapshot on a branch since removed) belongs to no state of the table.
     */
    public static Set<String> reachable(Table table) {
        Set<Long> seen = new HashSet<>();
        Set<String> out = new HashSet<>();
        for (SnapshotRef ref : table.refs().values()) {
            for (Snapshot s : SnapshotUtil.ancestorsOf(ref.snapshotId(), table::snapshot)) {
                if (seen.add(s.snapshotId())) {
                    s.addedDataFiles(table.io()).forEach(f -> out.add(f.location()));
                }
            }
        }
        return out;
    }
}
