package dev.autodistill4j.cli.support;

import dev.autodistill4j.api.progress.ProgressListener;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Renders progress on stderr: {@code label 120/1000 (12.0%) 35.2/s ETA 0:00:25}.
 *
 * <p>The rate is left out until there is one to show, and work slower than one item a second (a cnn epoch) reads
 * as seconds per item, so no line ever says {@code 0.0/s}.
 *
 * <p>On a terminal the line is redrawn in place at most every {@code intervalMillis}; when stderr is a file or
 * pipe each update is a new line, written at most every few seconds, so logs stay readable. The rate is the
 * average since the first update, which is stable enough for an ETA on batch work. Each task keeps its own start,
 * rate and throttle, so a nested task (the boxes of one label-regions image) neither hides nor skews the outer one.
 */
public final class ConsoleProgress implements ProgressListener {
    private final PrintWriter err;
    private final boolean inPlace;
    private final long intervalMillis;
    private final LongSupplier clockMillis;
    /** Per task: tasks interleave (an image's boxes inside label-regions' images) and keep their own rate. */
    private final Map<String, TaskState> tasks = new HashMap<>();
    /** Tasks whose counts are bytes rather than items. */
    private final java.util.Set<String> byteTasks = new java.util.HashSet<>();

    private static final class TaskState {
        long startMillis;
        long startDone;
        long lastPrint = Long.MIN_VALUE;
        String lastLine = "";
    }

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

    /**
     * Counts of {@code task} are bytes, shown as MiB with the unit:
     * {@code curate: match 12.0/95.4 MiB (12.6%) 3.1 MiB/s ETA 0:00:25}.
     */
    public synchronized ConsoleProgress bytes(String task) {
        byteTasks.add(task);
        return this;
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        long now = clockMillis.getAsLong();
        TaskState state = tasks.computeIfAbsent(task, t -> {
            TaskState s = new TaskState();
            s.startMillis = now;
            s.startDone = done;
            return s;
        });
        boolean complete = total >= 0 && done >= total;
        if (!complete && state.lastPrint != Long.MIN_VALUE && now - state.lastPrint < intervalMillis) {
            return;
        }
        state.lastPrint = now;
        state.lastLine = format(task, done, total, now - state.startMillis, done - state.startDone,
                byteTasks.contains(task));
        if (inPlace) {
            err.print("\r" + state.lastLine + "\u001b[K");
        } else {
            err.println(state.lastLine);
        }
        err.flush();
    }

    @Override
    public synchronized void finished(String task) {
        TaskState state = tasks.remove(task);
        if (inPlace && state != null && !state.lastLine.isEmpty()) {
            err.println();
            err.flush();
        }
    }

    /** @param elapsedMillis time since the task's first update; {@code doneSince} items done since then */
    static String format(String task, long done, long total, long elapsedMillis, long doneSince) {
        return format(task, done, total, elapsedMillis, doneSince, false);
    }

    /** As {@link #format(String, long, long, long, long)}; {@code bytes}: the counts are bytes, shown as MiB. */
    static String format(String task, long done, long total, long elapsedMillis, long doneSince, boolean bytes) {
        double seconds = Math.max(0, elapsedMillis) / 1000.0;
        double rate = seconds > 0 ? doneSince / seconds : 0;
        StringBuilder b = new StringBuilder(task).append(' ').append(bytes ? mib(done) : Long.toString(done));
        if (total >= 0) {
            b.append('/').append(bytes ? mib(total) : Long.toString(total));
        }
        if (bytes) {
            b.append(" MiB");
        }
        if (total >= 0) {
            b.append(String.format(Locale.ROOT, " (%.1f%%)", total == 0 ? 100.0 : 100.0 * done / total));
        }
        if (doneSince > 0 && seconds > 0) { // no rate until something was done after the first update
            b.append(' ').append(bytes ? mib((long) rate) + " MiB/s" : rate(rate));
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

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    static String duration(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }
}
