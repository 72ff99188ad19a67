package dev.autodistill4j.cli.support;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTest {
    @Test
    void rendersCountRateAndEtaThrottled() {
        StringWriter sw = new StringWriter();
        AtomicLong clock = new AtomicLong(1_000);
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(sw), false, 1000, clock::get);
        p.update("label", 0, 100);
        clock.set(3_000);
        p.update("label", 20, 100);
        clock.set(3_500);
        p.update("label", 25, 100); // throttled
        clock.set(11_000);
        p.update("label", 100, 100);
        p.finished("label");
        assertThat(sw.toString().lines().toList()).containsExactly(
                "label 0/100 (0.0%)",
                "label 20/100 (20.0%) 10.0/s ETA 0:00:08",
                "label 100/100 (100.0%) 10.0/s done in 0:00:10");
    }

    @Test
    void unknownTotalShowsCountAndRate() {
        StringWriter sw = new StringWriter();
        AtomicLong clock = new AtomicLong(0);
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(sw), true, 0, clock::get);
        p.update("embed", 0, -1);
        clock.set(2_000);
        p.update("embed", 7, -1);
        p.finished("embed");
        assertThat(sw.toString()).contains("\rembed 7 3.5/s").endsWith(System.lineSeparator());
    }

    @Test
    void slowWorkShowsSecondsPerItemNeverZeroPerSecond() {
        StringWriter sw = new StringWriter();
        AtomicLong clock = new AtomicLong(0);
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(sw), false, 0, clock::get);
        p.update("train", 1, 30); // the cnn reports after each epoch: the first report has no rate yet
        clock.set(40_000);
        p.update("train", 2, 30);
        clock.set(80_000);
        p.update("train", 3, 30);
        assertThat(sw.toString().lines().toList()).containsExactly(
                "train 1/30 (3.3%)",
                "train 2/30 (6.7%) 40.0 s each ETA 0:18:40",
                "train 3/30 (10.0%) 40.0 s each ETA 0:18:00")
                .noneMatch(line -> line.contains("0.0/s"));
    }

    @Test
    void interleavedTasksKeepTheirOwnRatesAndThrottles() {
        StringWriter sw = new StringWriter();
        AtomicLong clock = new AtomicLong(0);
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(sw), false, 1000, clock::get);
        p.update("label-regions", 0, 2);
        clock.set(100); // the one image's 20,000 boxes start: their own line, not throttled by the image task
        p.update("label-regions boxes", 0, 20_000);
        clock.set(2_100);
        p.update("label-regions boxes", 4_000, 20_000);
        clock.set(2_200);
        p.update("label-regions boxes", 4_200, 20_000); // throttled
        clock.set(10_100);
        p.update("label-regions boxes", 20_000, 20_000);
        p.finished("label-regions boxes");
        p.update("label-regions", 1, 2);
        assertThat(sw.toString().lines().toList()).containsExactly(
                "label-regions 0/2 (0.0%)",
                "label-regions boxes 0/20000 (0.0%)",
                "label-regions boxes 4000/20000 (20.0%) 2000.0/s ETA 0:00:08",
                "label-regions boxes 20000/20000 (100.0%) 2000.0/s done in 0:00:10",
                "label-regions 1/2 (50.0%) 10.1 s each ETA 0:00:11");
    }

    /** Issue #26 item 5: curate's progress counted bytes without saying so. */
    @Test
    void byteCountsAreShownAsMibWithTheUnit() {
        assertThat(ConsoleProgress.format("curate: match", 12 * 1024 * 1024, 96 * 1024 * 1024, 4_000,
                12 * 1024 * 1024, true)).isEqualTo("curate: match 12.0/96.0 MiB (12.5%) 3.0 MiB/s ETA 0:00:28");
    }
}
