package org.roofsweep.jobs.write;

import java.io.Serializable;
import java.util.List;

/**
 * What one task attempt wrote: its folder and the files in it, each with its rows and bytes. A task returns it to the
 * driver; Spark hands the driver the result of one attempt per task, so exactly the files it lists are committed,
 * and the driver registers them in the table's snapshot with these counts without opening them.
 */
public record TaskFiles(int task, String attemptFolder, List<File> files) implements Serializable {
    /**
     * One Parquet file: its path relative to the attempt folder, which is also its path below the table's data
     * folder once committed ({@code platform=pc_high/model=llama-2-7b/part-00003-....parquet}: the partition folders,
     * then the name), its rows and its length in bytes.
     */
    public record File(String path, long rows, long bytes) implements Serializable {
    }

    public TaskFiles {
        files = List.copyOf(files);
    }

    public long rows() {
        return files.stream().mapToLong(File::rows).sum();
    }

    public long bytes() {
        return files.stream().mapToLong(File::bytes).sum();
    }
}
