package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.Autodistill4jException;

/**
 * A failed Spark job as one typed error whose message is the line a user acts on: Spark's own exception is a
 * "Job aborted due to stage failure" wrapper around the executor's message and a stack trace; the innermost
 * cause's first line (an executor refusing its checkpoint, a missing model) is what says what to fix.
 */
final class JobFailure {
    private JobFailure() {
    }

    static Autodistill4jException of(String job, Throwable e) {
        if (e instanceof Autodistill4jException typed) {
            return typed;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int nl = message.indexOf('\n');
        return new Autodistill4jException(job + " failed: " + (nl < 0 ? message : message.substring(0, nl)), e);
    }
}
