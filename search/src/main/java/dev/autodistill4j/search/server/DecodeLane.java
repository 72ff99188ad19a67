package dev.autodistill4j.search.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The threads that answer requests which decode images (uploaded query images, thumbnails), kept apart from the
 * workers that answer everything else. Ten 97 KB PNG uploads that decode to 100 MP each used to hold every worker,
 * and a plain text query waited 22 s behind them; now they wait here and text queries keep their workers.
 *
 * <p>Fair between clients: each client (remote address) decodes on all threads but one at a time (one image at a
 * time when there is a single thread), so another client always finds a thread free, and may have at most
 * {@link ServerLimits#decodeQueuePerClient()} such requests waiting or running (beyond that: 503); the threads
 * take clients in turn. A search page's 20 thumbnails still decode side by side, while one client's ten bombs
 * never hold every thread. The pixels decoded at once are also bounded process-wide by the decoder's own pixel
 * budget ({@code PixelBudget}, read from each image's header before any pixel exists).
 */
final class DecodeLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecodeLane.class);

    private final int perClient;
    private final int runningPerClient;
    private final int maxWaiting;
    /** Clients with work waiting, in the order of their next turn. */
    private final Map<Object, ArrayDeque<Runnable>> waiting = new LinkedHashMap<>();
    private final Map<Object, Integer> held = new HashMap<>();
    private final Map<Object, Integer> running = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private int waitingCount;
    private boolean closed;

    record Turn(Object client, Runnable task) {
    }

    /**
     * @param count      decoding requests answered at once
     * @param perClient  requests of one client waiting or running here
     * @param maxWaiting requests of all clients waiting here
     */
    DecodeLane(int count, int perClient, int maxWaiting, String name) {
        this.perClient = perClient;
        this.runningPerClient = Math.max(1, count - 1);
        this.maxWaiting = maxWaiting;
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::work, name);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** Queues {@code task} for {@code client}; throws {@link RejectedExecutionException} past its share. */
    synchronized void submit(Object client, Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("the server is stopping");
        }
        if (held.getOrDefault(client, 0) >= perClient) {
            throw new RejectedExecutionException("this client has " + perClient + " images decoding or waiting");
        }
        if (waitingCount >= maxWaiting) {
            throw new RejectedExecutionException(maxWaiting + " images are waiting to be decoded");
        }
        waiting.computeIfAbsent(client, k -> new ArrayDeque<>()).add(task);
        held.merge(client, 1, Integer::sum);
        waitingCount++;
        notifyAll();
    }

    private void work() {
        for (Turn turn; (turn = next()) != null; ) {
            try {
                turn.task().run();
            } catch (RuntimeException | Error e) {
                LOG.error("a decoding request failed", e);
            } finally {
                done(turn.client());
            }
        }
    }

    /** The next client's oldest request, skipping clients at their share of the threads; null once closed. */
    private synchronized Turn next() {
        while (!closed) {
            for (Iterator<Map.Entry<Object, ArrayDeque<Runnable>>> it = waiting.entrySet().iterator();
                 it.hasNext(); ) {
                Map.Entry<Object, ArrayDeque<Runnable>> e = it.next();
                Object client = e.getKey();
                if (running.getOrDefault(client, 0) >= runningPerClient) {
                    continue;
                }
                Runnable task = e.getValue().poll();
                it.remove();
                if (!e.getValue().isEmpty()) {
                    waiting.put(client, e.getValue()); // to the back of the line
                }
                running.merge(client, 1, Integer::sum);
                waitingCount--;
                return new Turn(client, task);
            }
            try {
                wait();
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    private synchronized void done(Object client) {
        running.computeIfPresent(client, (k, n) -> n > 1 ? n - 1 : null);
        held.computeIfPresent(client, (k, n) -> n > 1 ? n - 1 : null);
        notifyAll();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
            notifyAll();
        }
        threads.forEach(Thread::interrupt);
    }
}
