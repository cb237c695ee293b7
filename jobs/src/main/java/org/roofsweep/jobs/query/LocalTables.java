package org.roofsweep.jobs.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.roofsweep.jobs.cli.UserException;

/**
 * The tables of a sweep folder on the local file system, listed with {@code java.nio} by {@link SweepTables}'s rules
 * (Parquet files below each visible sub-folder, names starting with '_' or '.' skipped, files sorted) and named as
 * Hadoop names local files ({@code file:/abs/path}). The same listing Hadoop's local file system gives, without
 * starting Hadoop: its configuration, file-system services and logging cost the embedded engine's start-up several
 * times the query itself (BENCHMARKS.md, issue 17).
 */
final class LocalTables {
    /** A URI scheme ({@code file:}, {@code hdfs:}, {@code s3a:}); Windows drive letters are not at issue here. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private LocalTables() {
    }

    /** Whether {@code folder} is on the local file system: a plain path, or a {@code file:} URI. */
    static boolean isLocal(String folder) {
        return !SCHEME.matcher(folder).find() || folder.startsWith("file:");
    }

    static SweepTables.Sweep sweep(String folder) {
        Path dir = path(folder);
        if (!Files.exists(dir)) {
            throw SweepTables.noFolder(folder, false);
        }
        if (!Files.isDirectory(dir)) {
            throw SweepTables.noFolder(folder, true);
        }
        try {
            Map<String, SweepTables.Table> tables = new LinkedHashMap<>();
            List<Path> children;
            try (Stream<Path> s = Files.list(dir)) {
                children = s.sorted().toList();
            }
            for (Path child : children) {
                if (Files.isDirectory(child) && SweepTables.visible(child.getFileName().toString())) {
                    List<String> files = parquetFiles(child);
                    if (!files.isEmpty()) {
                        tables.put(SweepTables.identifier(child.getFileName().toString()),
                                new SweepTables.Table(uri(child), files));
                    }
                }
            }
            return SweepTables.sweep(folder, uri(dir), tables);
        } catch (IOException | UncheckedIOException e) {
            throw new UserException("cannot list " + folder + ": " + e.getMessage());
        }
    }

    static Optional<byte[]> runJson(SweepTables.Sweep sweep) {
        try {
            return Optional.of(Files.readAllBytes(path(sweep.uri()).resolve("run.json")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parquet files below {@code table}, no part of their path below it hidden, sorted by name. */
    private static List<String> parquetFiles(Path table) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(table)) {
            s.filter(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p)
                    && visibleBelow(table.relativize(p))).forEach(p -> files.add(uri(p)));
        }
        files.sort(null);
        return files;
    }

    private static boolean visibleBelow(Path relative) {
        for (Path part : relative) {
            if (!SweepTables.visible(part.toString())) {
                return false;
            }
        }
        return true;
    }

    private static Path path(String folder) {
        Path p = folder.startsWith("file:") ? Path.of(URI.create(folder)) : Path.of(folder);
        return p.toAbsolutePath().normalize();
    }

    /** Hadoop's name of a local file: {@code file:} and the absolute path. */
    private static String uri(Path p) {
        return "file:" + p.toAbsolutePath().normalize();
    }
}
