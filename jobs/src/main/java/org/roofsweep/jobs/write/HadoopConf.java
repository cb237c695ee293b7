package org.roofsweep.jobs.write;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * A Hadoop {@link Configuration} that travels to the executors (by its own {@code Writable} form), so that tasks open
 * the output's file system with the driver's settings, as Spark's own writers do.
 */
public final class HadoopConf implements Serializable {
    private transient Configuration conf;

    public HadoopConf(Configuration conf) {
        this.conf = conf;
    }

    public Configuration get() {
        return conf;
    }

    /**
     * The Hadoop settings files are reached with: the running session's, else a default configuration plus the
     * {@code spark.hadoop.*} settings given to spark-submit or as system properties (as Spark itself would apply).
     */
    public static Configuration current() {
        if (SparkSession.getDefaultSession().isDefined()) {
            return SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration();
        }
        Configuration conf = new Configuration();
        for (Tuple2<String, String> kv : new SparkConf().getAll()) {
            if (kv._1().startsWith("spark.hadoop.")) {
                conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
            }
        }
        return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
