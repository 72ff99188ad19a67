package dev.autodistill4j.search.server;

import java.time.Duration;

/**
 * How much the server gives one client, so that no client, slow or hostile, can take the server from the others.
 * Requests are read by one non-blocking I/O thread and handed to the {@code workers} only when complete, so a
 * client that sends half its headers, or a body that stops, costs a buffer until its deadline, never a worker.
 *
 * @param workers         threads that answer complete requests (search, thumbnails)
 * @param queue           complete requests that may wait for a worker; beyond that the answer is 503
 * @param maxConnections  open connections at once; beyond that new ones get 503 and are closed
 * @param headerTimeout   time from accepting a connection to the end of its request headers
 * @param requestTimeout  time from accepting a connection to the end of its request body
 * @param writeTimeout    time to deliver a response to a client that reads it slowly
 * @param maxHeaderBytes  request line plus headers
 * @param maxBody         one request body (an uploaded query image)
 * @param bodyBudget      request bodies declared by all connections together, so slow uploads cannot fill memory
 */
public record ServerLimits(int workers, int queue, int maxConnections, Duration headerTimeout,
                           Duration requestTimeout, Duration writeTimeout, int maxHeaderBytes, int maxBody,
                           long bodyBudget) {
    /** Defaults for a search page on a workstation. */
    public static final ServerLimits DEFAULTS = new ServerLimits(
            Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())), 64, 256, Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofSeconds(60), 16 * 1024, 32 * 1024 * 1024, 256L * 1024 * 1024);

    public ServerLimits {
        if (workers < 1 || queue < 1 || maxConnections < 1 || maxHeaderBytes < 256 || maxBody < 0 || bodyBudget < 0) {
            throw new IllegalArgumentException("server limits must be positive: " + workers + " workers, " + queue
                    + " queued, " + maxConnections + " connections, " + maxHeaderBytes + " header bytes");
        }
        for (Duration d : new Duration[] {headerTimeout, requestTimeout, writeTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("server timeouts must be positive, got " + d);
            }
        }
    }

    /** The same limits with other deadlines (tests use short ones). */
    public ServerLimits withTimeouts(Duration header, Duration request, Duration write) {
        return new ServerLimits(workers, queue, maxConnections, header, request, write, maxHeaderBytes, maxBody,
                bodyBudget);
    }
}
