package dev.autodistill4j.spark.cli;

import dev.autodistill4j.runtime.config.ConfigException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** Options shared by the Spark commands: where to run and how finely to split the work. */
public class JobOptions {
    @Option(names = "--master", paramLabel = "MASTER",
            description = "Spark master, e.g. local[4] for this machine; omit under spark-submit (it sets the master).")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Tasks per stage (default: 4 × the cluster's default parallelism).")
    Integer partitions;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "Extra Spark setting, repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    /** The session: an existing one (spark-submit, tests) or a new one with --master. */
    SparkSession session(String appName) {
        SparkCommand.requireSpark();
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) {
            b.master(master);
        }
        conf.forEach(b::config);
        b.config(ExecutorJvmFlags.KEY, ExecutorJvmFlags.merged(conf, System.getProperty(ExecutorJvmFlags.KEY)));
        String effectiveMaster = master != null ? master : System.getProperty("spark.master", "");
        if (!effectiveMaster.startsWith("local")) { // local[N] executors share the driver's class path
            String jars = JobJar.merged(conf, System.getProperty(JobJar.KEY), JobJar.location());
            if (jars != null) {
                b.config(JobJar.KEY, jars); // executors on a cluster need the job's classes
            }
        }
        SparkSession spark = b.getOrCreate();
        if (master != null && !master.equals(spark.sparkContext().master())) {
            throw new ConfigException("--master " + master + " was given, but this JVM already runs a Spark session on "
                    + spark.sparkContext().master());
        }
        return spark;
    }

    /** The session of a command ({@link #session}), quietened by {@link Sessions#quiet} on one machine. */
    SparkSession start(String appName) {
        SparkSession spark = session(appName);
        Sessions.quiet(spark, this);
        return spark;
    }

    int partitions(SparkSession spark) {
        if (partitions != null && (partitions < 1 || partitions > 1_000_000)) {
            throw new ConfigException("--partitions " + partitions + " must be between 1 and 1000000");
        }
        return partitions != null ? partitions : 4 * spark.sparkContext().defaultParallelism();
    }
}
