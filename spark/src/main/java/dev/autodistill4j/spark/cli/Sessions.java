package dev.autodistill4j.spark.cli;

import org.apache.spark.sql.SparkSession;

/** Session conventions of the commands. */
final class Sessions {
    private Sessions() {
    }

    /**
     * On one machine ({@code --master} given) Spark's INFO logging would bury the progress line, so it is turned
     * down to warnings; under spark-submit the cluster's own logging configuration is left alone.
     */
    static void quiet(SparkSession spark, JobOptions job) {
        if (job.master != null) {
            spark.sparkContext().setLogLevel("WARN");
        }
    }
}
