package dev.autodistill4j.spark.job;

import org.apache.spark.TaskContext;

import java.io.Serializable;

/**
 * Test hook for the retry guarantee: when the Spark setting {@value #SETTING} names a partition, the first
 * attempt of that partition's task fails after it has already produced part of its output. Spark then re-runs
 * the task; the tests check that the output holds every row exactly once. Off (−1) unless set, and never set
 * by the commands.
 */
public record FailureInjection(int partition) implements Serializable {
    public static final String SETTING = "spark.autodistill4j.test.failFirstAttemptOfPartition";
    public static final FailureInjection NONE = new FailureInjection(-1);

    /** The hook as configured on the session (off unless the test sets {@value #SETTING}). */
    public static FailureInjection from(org.apache.spark.sql.SparkSession spark) {
        return new FailureInjection(Integer.parseInt(spark.conf().get(SETTING, "-1").strip()));
    }

    /** Called after a task emitted {@code rows} rows; throws in the chosen first attempt once it emitted some. */
    public void check(long rows) {
        TaskContext ctx = TaskContext.get();
        if (partition >= 0 && rows > 0 && ctx != null && ctx.partitionId() == partition
                && ctx.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of partition " + partition + " attempt 0 after "
                    + rows + " rows (" + SETTING + ")");
        }
    }
}
