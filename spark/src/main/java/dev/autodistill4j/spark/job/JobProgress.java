package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.progress.ProgressListener;
import org.apache.spark.util.LongAccumulator;

/**
 * Progress on the driver: a daemon thread reads the job's image counter (a Spark accumulator, merged on the
 * driver as each task finishes) and reports count, rate and ETA through the CLI's {@link ProgressListener}.
 */
public final class JobProgress {
    private static final long INTERVAL_MILLIS = 1000;
    private final ProgressListener listener;

    public JobProgress(ProgressListener listener) {
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    /** Starts reporting {@code done} out of {@code total} until the returned poller is closed. */
    public Poller poll(String task, LongAccumulator done, long total) {
        return new Poller(task, done, total);
    }

    /** The running reporter; closing it reports the final count. */
    public final class Poller implements AutoCloseable {
        private final String task;
        private final LongAccumulator done;
        private final long total;
        private final Thread thread;
        private volatile boolean stop;

        private Poller(String task, LongAccumulator done, long total) {
            this.task = task;
            this.done = done;
            this.total = total;
            listener.update(task, 0, total);
            this.thread = new Thread(this::loop, "autodistill4j-spark-progress");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            long shown = 0;
            while (!stop) {
                try {
                    Thread.sleep(INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = Math.min(total, done.value());
                if (now != shown) { // counts arrive per finished task: report changes, not the clock
                    shown = now;
                    listener.update(task, now, total);
                }
            }
        }

        @Override
        public void close() {
            stop = true;
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listener.update(task, Math.min(total, done.value()), total);
            listener.finished(task);
        }
    }
}
