package dev.autodistill4j.search.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 19, item 13: decoding requests are taken from clients in turn, one at a time each, within a share. */
class DecodeLaneTest {
    @Test
    void clientsTakeTurnsAndEachDecodesOneAtATime() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(6);
        try (DecodeLane lane = new DecodeLane(1, 8, 64, "test-decoder")) {
            lane.submit("a", () -> {
                started.countDown();
                await(hold);
                order.add("a1");
                done.countDown();
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            for (String task : List.of("a2", "a3", "a4")) {
                lane.submit("a", record(order, done, task));
            }
            lane.submit("b", record(order, done, "b1"));
            lane.submit("c", record(order, done, "c1"));
            hold.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(order).containsExactly("a1", "a2", "b1", "c1", "a3", "a4");
    }

    @Test
    void aClientBeyondItsShareIsRefusedWhileOthersAreStillTaken() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (DecodeLane lane = new DecodeLane(1, 2, 2, "test-decoder")) {
            lane.submit("a", () -> {
                started.countDown();
                await(hold);
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            lane.submit("a", () -> { }); // a's second: waiting
            assertThatThrownBy(() -> lane.submit("a", () -> { })).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("2 images");
            lane.submit("b", () -> { }); // waiting: 2 of 2
            assertThatThrownBy(() -> lane.submit("c", () -> { })).as("all clients together")
                    .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("2 images are waiting");
            hold.countDown();
        }
    }

    @Test
    void aClientUsesAllThreadsButOneSoAnotherClientIsTakenAtOnce() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch aStarted = new CountDownLatch(2);
        CountDownLatch bStarted = new CountDownLatch(1);
        List<String> started = new CopyOnWriteArrayList<>();
        try (DecodeLane lane = new DecodeLane(3, 8, 64, "test-decoder")) {
            for (int i = 1; i <= 4; i++) {
                String name = "a" + i;
                lane.submit("a", () -> {
                    started.add(name);
                    aStarted.countDown();
                    await(hold);
                });
            }
            assertThat(aStarted.await(30, TimeUnit.SECONDS)).isTrue();
            lane.submit("b", () -> {
                started.add("b1");
                bStarted.countDown();
            });
            assertThat(bStarted.await(30, TimeUnit.SECONDS)).as("b on the thread a may not take").isTrue();
            assertThat(started).hasSize(3).endsWith("b1"); // a1 and a2 side by side, a3 and a4 wait
            assertThat(started.subList(0, 2)).containsExactlyInAnyOrder("a1", "a2");
            hold.countDown();
        }
    }

    private static Runnable record(List<String> order, CountDownLatch done, String name) {
        return () -> {
            order.add(name);
            done.countDown();
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
