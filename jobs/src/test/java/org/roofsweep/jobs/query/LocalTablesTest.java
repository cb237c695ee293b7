package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.cli.UserException;

/** Local folders read with the resource-free configuration are judged as with Hadoop's full one. */
class LocalTablesTest {
    @TempDir
    Path tmp;

    @Test
    void tellsLocalFoldersFromOtherFileSystems() {
        assertTrue(LocalTables.isLocal("output/small"));
        assertTrue(LocalTables.isLocal("file:///tmp/x"));
        assertFalse(LocalTables.isLocal("hdfs://nn:8020/sweeps/x"));
        assertFalse(LocalTables.isLocal("s3a://bucket/x"));
    }

    @Test
    void namesAMissingFolderAsTheFullConfigurationDoes() {
        String missing = tmp.resolve("none").toString();
        assertSameError(missing);
    }

    @Test
    void refusesAPlainParquetFolderAsTheFullConfigurationDoes() throws IOException {
        Path p = tmp.resolve("sweep/points/gpu=a100/part-00000.parquet");
        Files.createDirectories(p.getParent());
        Files.createFile(p);
        assertSameError(tmp.resolve("sweep").toString());
    }

    private static void assertSameError(String folder) {
        UserException local = assertThrows(UserException.class, () -> SweepTables.sweep(folder, LocalTables.conf()));
        UserException full = assertThrows(UserException.class, () -> SweepTables.sweep(folder, new Configuration()));
        assertEquals(full.getMessage(), local.getMessage());
    }
}
