package org.roofsweep.jobs.write;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.roofsweep.core.sweep.PointRange;
import org.roofsweep.jobs.cli.UserException;
import org.roofsweep.jobs.schema.RowChecksum;

/**
 * The run manifest (the JSON that {@code run.json} held in earlier versions): what a sweep's tables hold and how
 * they were made. It is the summary property {@link IcebergTables#RUN} of the points snapshot that committed those
 * rows, so it is published with them, in the same atomic commit. Counts and checksums cover the whole table;
 * {@code runs} lists each run that wrote to it (one, unless runs were appended).
 *
 * @param manifestVersion layout version of this file
 * @param configHash SHA-256 over the sweep config and every catalog file it read: equal hashes, comparable tables
 * @param gridSize points in the sweep's grid
 * @param pointRanges point ids evaluated, as half-open ranges (one {@code [0, grid_size)} for a whole sweep)
 * @param pointsEvaluated points evaluated: rows written plus rows filtered
 * @param rowsFiltered points the sweep's filters skipped (not in the table)
 * @param rowsInfeasible rows with {@code fits = false} (in the table, with a reason)
 * @param operatorsEvery point ids that are multiples of this have {@code operators} rows (0: no operators table)
 * @param flashAttention the sweep's {@code flash_attention} setting; null in a manifest written before it was recorded
 *     (those sweeps could only run with FlashAttention on)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunManifest(
        int manifestVersion,
        String sweep,
        String description,
        String configFile,
        String configHash,
        String roofsweepVersion,
        String sparkVersion,
        String javaVersion,
        long gridSize,
        List<PointRange> pointRanges,
        long pointsEvaluated,
        long rowsWritten,
        long rowsFiltered,
        long rowsInfeasible,
        long operatorsEvery,
        long operatorRows,
        Boolean flashAttention,
        List<String> partitionBy,
        String compression,
        List<String> tables,
        Checksum checksum,
        List<Run> runs) {

    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunManifest {
        pointRanges = List.copyOf(pointRanges);
        partitionBy = List.copyOf(partitionBy);
        tables = List.copyOf(tables);
        runs = List.copyOf(runs);
    }

    /** Content checksums of the tables ({@link RowChecksum}), 16 hex digits each; operators null without that table. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Checksum(String algorithm, String points, String operators) {
    }

    /** One run that wrote rows to the tables. Times are ISO-8601 instants; counts are this run's. */
    public record Run(String runId, String master, String appId, String startedAt, String finishedAt, double wallS,
            List<PointRange> pointRanges, long rowsWritten, long rowsFiltered, long rowsInfeasible,
            long operatorRows) {
        public Run {
            pointRanges = List.copyOf(pointRanges);
        }
    }

    /** The manifest of a table holding this one's rows and {@code other}'s (appended runs of one sweep). */
    public RunManifest plus(RunManifest other) {
        List<PointRange> ranges = new ArrayList<>(pointRanges);
        ranges.addAll(other.pointRanges);
        List<String> allTables = new ArrayList<>(tables);
        other.tables.stream().filter(t -> !allTables.contains(t)).forEach(allTables::add);
        List<Run> allRuns = new ArrayList<>(runs);
        allRuns.addAll(other.runs);
        Checksum sum = new Checksum(checksum.algorithm(), add(checksum.points(), other.checksum.points()),
                add(checksum.operators(), other.checksum.operators()));
        return new RunManifest(VERSION, other.sweep, other.description, other.configFile, other.configHash,
                other.roofsweepVersion, other.sparkVersion, other.javaVersion, other.gridSize,
                PointRange.normalized(ranges), pointsEvaluated + other.pointsEvaluated, rowsWritten + other.rowsWritten,
                rowsFiltered + other.rowsFiltered, rowsInfeasible + other.rowsInfeasible, other.operatorsEvery,
                operatorRows + other.operatorRows, other.flashAttention, other.partitionBy, other.compression, allTables,
                sum, allRuns);
    }

    private static String add(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return RowChecksum.hex(HexFormat.fromHexDigitsToLong(a) + HexFormat.fromHexDigitsToLong(b));
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the run manifest", e);
        }
    }

    /** The sweep's FlashAttention setting: on where the manifest predates the field (no other setting existed). */
    public boolean flashAttentionOn() {
        return flashAttention == null || flashAttention;
    }

    /** Parses a run manifest's JSON; {@code where} names the file in the error. */
    public static RunManifest fromJson(byte[] json, String where) {
        try {
            RunManifest m = JSON.readValue(json, RunManifest.class);
            if (m.configHash == null || m.checksum == null) {
                throw new UserException(where + " is not a roofsweep run manifest (no config_hash or checksum)");
            }
            return m;
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserException u) {
                throw u;
            }
            throw new UserException(where + " is not a readable run manifest: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
    }
}
