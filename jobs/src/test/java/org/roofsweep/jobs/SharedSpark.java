package org.roofsweep.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of the test JVM (surefire runs every test class in one fork): starting one costs
 * seconds, so all Spark tests share it, and {@code run} reuses it instead of starting its own. local[2] as on CI.
 */
public final class SharedSpark {
    private SharedSpark() {
    }

    public static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("roofsweep-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }
}
