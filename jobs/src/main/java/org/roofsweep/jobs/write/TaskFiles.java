package org.roofsweep.jobs.write;

import java.io.Serializable;
import java.util.List;

/**
 * What one task attempt wrote: its folder, the files in it (relative paths such as
 * {@code platform=pc_high/model=llama-2-7b/part-00003-....parquet}, the same below the table once committed) and
 * how many rows and bytes. A task returns it to the driver; Spark hands the driver the result of one attempt per task, so
 * exactly the files it lists are committed.
 */
public record TaskFiles(int task, String attemptFolder, List<String> files, long rows, long bytes) implements Serializable {
    public TaskFiles {
        files = List.copyOf(files);
    }
}
