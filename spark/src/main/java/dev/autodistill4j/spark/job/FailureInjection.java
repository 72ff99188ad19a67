package dev.autodistill4j.spark.job;

import org.apache.spark.TaskContext;

import java.io.Serializable;

/**
 * Test hook for the retry guarantee: when the Spark setting {@value #SETTING} names a partition, the first
 * attempt of that partition's task fails after it has already produced part of its output. Spark then re-runs
 * the task; the tests check that the output holds every row exactly once. Off (−1) unless set, and never set
 * by the commands.
 */
public record FailureInjection(int partition, boolean everyAttempt) implements Serializable {
    public static final String SETTING = "spark.autodistill4j.test.failFirstAttemptOfPartition";
    public static final FailureInjection NONE = new FailureInjection(-1, false);

    /**
     * The hook as configured on the session (off unless the test sets {@value #SETTING}); a value ending in
     * {@code !} ({@code 0!}) fails every attempt of that partition, so the job itself fails.
     */
    public static FailureInjection from(org.apache.spark.sql.SparkSession spark) {
        String v = spark.conf().get(SETTING, "-1").strip();
        boolean every = v.endsWith("!");
        return new FailureInjection(Integer.parseInt(every ? v.substring(0, v.length() - 1) : v), every);
    }

    /** Called after a task emitted {@code rows} rows; throws in the chosen first attempt once it emitted some. */
    public void check(long rows) {
        TaskContext ctx = TaskContext.get();
        if (partition >= 0 && rows > 0 && ctx != null && ctx.partitionId() == partition
                && (everyAttempt || ctx.attemptNumber() == 0)) {
            throw new IllegalStateException("injected failure of partition " + partition + " attempt "
                    + ctx.attemptNumber() + " after "
                    + rows + " rows (" + SETTING + ")");
        }
    }
}
