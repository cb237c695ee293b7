package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roofsweep.jobs.cli.UserException;

/** Local folders listed with java.nio give what Hadoop's local file system lists, name for name. */
class LocalTablesTest {
    @TempDir
    Path tmp;

    private void touch(String relative) throws IOException {
        Path p = tmp.resolve("sweep").resolve(relative);
        Files.createDirectories(p.getParent());
        Files.createFile(p);
    }

    @Test
    void listsTheSameTablesAndFilesAsHadoop() throws IOException {
        touch("points/gpu=rtx4090/part-00001.parquet");
        touch("points/gpu=rtx4090/part-00000.parquet");
        touch("points/gpu=a100/part-00002.parquet");
        touch("points/_SUCCESS");
        touch("points/gpu=a100/.part-00002.parquet.crc");
        touch("points/_temporary/part-00009.parquet");
        touch("operators/part-00000.parquet");
        touch("_staging/part-00000.parquet");
        touch("notes/readme.txt");
        touch("run.json");
        String folder = tmp.resolve("sweep").toString();
        SweepTables.Sweep hadoop = SweepTables.sweep(folder, new Configuration());
        SweepTables.Sweep local = LocalTables.sweep(folder);
        assertEquals(hadoop, local);
        assertEquals(List.of("operators", "points"), List.copyOf(local.tables().keySet()));
        assertEquals(3, local.tables().get("points").files().size(), local.toString());
        assertEquals(local, LocalTables.sweep(tmp.resolve("sweep").toUri().toString()), "a file: URI");
        assertTrue(SweepTables.runJson(local, Configuration::new).isPresent());
    }

    @Test
    void tellsLocalFoldersFromOtherFileSystems() {
        assertTrue(LocalTables.isLocal("output/small"));
        assertTrue(LocalTables.isLocal("file:///tmp/x"));
        assertFalse(LocalTables.isLocal("hdfs://nn:8020/sweeps/x"));
        assertFalse(LocalTables.isLocal("s3a://bucket/x"));
    }

    @Test
    void namesAMissingFolderAsHadoopDoes() {
        String missing = tmp.resolve("none").toString();
        UserException local = org.junit.jupiter.api.Assertions.assertThrows(UserException.class,
                () -> LocalTables.sweep(missing));
        UserException hadoop = org.junit.jupiter.api.Assertions.assertThrows(UserException.class,
                () -> SweepTables.sweep(missing, new Configuration()));
        assertEquals(hadoop.getMessage(), local.getMessage());
    }
}
