package org.roofsweep.jobs.query;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The SparkSession of the query and report commands: local on all cores unless spark-submit chose a master. */
public final class Sessions {
    private Sessions() {
    }

    /** The active session if there is one (tests, spark-submit), else a new local one; logs only warnings. */
    public static SparkSession open(String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName).config("spark.ui.enabled", "false");
        if (!new SparkConf().contains("spark.master")) {
            b.master("local[*]");
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
