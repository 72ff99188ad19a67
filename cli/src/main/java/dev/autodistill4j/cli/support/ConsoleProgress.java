package dev.autodistill4j.cli.support;

import dev.autodistill4j.api.progress.ProgressListener;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Renders progress on stderr: {@code label 120/1000 (12.0%) 35.2/s ETA 0:00:25}.
 *
 * <p>The rate is left out until there is one to show, and work slower than one item a second (a cnn epoch) reads
 * as seconds per item, so no line ever says {@code 0.0/s}.
 *
 * <p>On a terminal the line is redrawn in place at most every {@code intervalMillis}; when stderr is a file or
 * pipe each update is a new line, written at most every few seconds, so logs stay readable. The rate is the
 * average since the first update, which is stable enough for an ETA on batch work.
 */
public final class ConsoleProgress implements ProgressListener {
    private final PrintWriter err;
    private final boolean inPlace;
    private final long intervalMillis;
    private final LongSupplier clockMillis;
    private long startMillis = -1;
    private long startDone;
    private long lastPrint = Long.MIN_VALUE;
    private String lastLine = "";

    public ConsoleProgress(PrintWriter err, boolean inPlace, long intervalMillis, LongSupplier clockMillis) {
        this.err = err;
        this.inPlace = inPlace;
        this.intervalMillis = intervalMillis;
        this.clockMillis = clockMillis;
    }

    /** Progress on {@code err}, redrawn in place when a console is attached. */
    public static ConsoleProgress on(PrintWriter err) {
        boolean tty = System.console() != null;
        return new ConsoleProgress(err, tty, tty ? 200 : 5000, System::currentTimeMillis);
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        long now = clockMillis.getAsLong();
        if (startMillis < 0) {
            startMillis = now;
            startDone = done;
        }
        boolean complete = total >= 0 && done >= total;
        if (!complete && lastPrint != Long.MIN_VALUE && now - lastPrint < intervalMillis) {
            return;
        }
        lastPrint = now;
        lastLine = format(task, done, total, now);
        if (inPlace) {
            err.print("\r" + lastLine + "\u001b[K");
        } else {
            err.println(lastLine);
        }
        err.flush();
    }

    @Override
    public synchronized void finished(String task) {
        if (inPlace && !lastLine.isEmpty()) {
            err.println();
            err.flush();
        }
        startMillis = -1;
        lastPrint = Long.MIN_VALUE;
        lastLine = "";
    }

    String format(String task, long done, long total, long now) {
        double seconds = Math.max(0, now - startMillis) / 1000.0;
        double rate = seconds > 0 ? (done - startDone) / seconds : 0;
        StringBuilder b = new StringBuilder(task).append(' ').append(done);
        if (total >= 0) {
            b.append('/').append(total)
                    .append(String.format(Locale.ROOT, " (%.1f%%)", total == 0 ? 100.0 : 100.0 * done / total));
        }
        if (done > startDone && seconds > 0) { // no rate until something was done after the first update
            b.append(' ').append(rate(rate));
        }
        if (total >= 0 && rate > 0 && done < total) {
            b.append(" ETA ").append(duration((long) Math.ceil((total - done) / rate)));
        } else if (total >= 0 && done >= total) {
            b.append(" done in ").append(duration((long) Math.ceil(seconds)));
        }
        return b.toString();
    }

    /** Items per second, or seconds per item when slower than one a second (cnn epochs), never "0.0/s". */
    static String rate(double perSecond) {
        return perSecond >= 1 ? String.format(Locale.ROOT, "%.1f/s", perSecond)
                : String.format(Locale.ROOT, "%.1f s each", 1 / perSecond);
    }

    static String duration(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }
}
