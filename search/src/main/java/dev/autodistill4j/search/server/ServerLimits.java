package dev.autodistill4j.search.server;

import java.time.Duration;

/**
 * How much the server gives one client, so that no client, slow or hostile, can take the server from the others.
 * Requests are read by one non-blocking I/O thread and handed to the {@code workers} only when complete, so a
 * client that sends half its headers, or a body that stops, costs a buffer until its deadline, never a worker.
 * Requests that decode images go to the {@code decoders} instead ({@link DecodeLane}), so decode bombs cannot hold
 * the workers that answer text queries; idle connections are closed for new ones ({@link ConnectionPolicy}).
 *
 * @param workers                  threads that answer complete requests (text search, pages, originals)
 * @param queue                    complete requests that may wait for a worker (and, apart, for a decoder);
 *                                 beyond that the answer is 503
 * @param maxConnections           open connections at once; idle ones are closed for new ones, and only when all
 *                                 are busy does a new one get 503
 * @param headerTimeout            time from accepting a connection to the end of its request headers
 * @param requestTimeout           time from accepting a connection to the end of its request body
 * @param writeTimeout             time to deliver a response to a client that reads it slowly
 * @param maxHeaderBytes           request line plus headers
 * @param maxBody                  one request body (an uploaded query image)
 * @param bodyBudget               request bodies of all connections together, from their headers until they are
 *                                 answered, so slow or queued uploads cannot fill memory
 * @param maxConnectionsPerAddress open connections of one remote address
 * @param connectionReserve        the last connections of {@code maxConnections}, kept for addresses that hold none;
 *                                 reaching them closes the most idle connection
 * @param decoders                 threads that answer requests which decode images (uploads, thumbnails), fewer
 *                                 than the workers; one client uses all of them but one (at least one)
 * @param decodeQueuePerClient     decoding requests of one client waiting or running; beyond that 503
 */
public record ServerLimits(int workers, int queue, int maxConnections, Duration headerTimeout,
                           Duration requestTimeout, Duration writeTimeout, int maxHeaderBytes, int maxBody,
                           long bodyBudget, int maxConnectionsPerAddress, int connectionReserve, int decoders,
                           int decodeQueuePerClient) {
    /** Defaults for a search page on a workstation. */
    public static final ServerLimits DEFAULTS = new ServerLimits(
            Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())), 64, 256, Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofSeconds(60), 16 * 1024, 32 * 1024 * 1024, 256L * 1024 * 1024);

    public ServerLimits {
        if (workers < 1 || queue < 1 || maxConnections < 1 || maxHeaderBytes < 256 || maxBody < 0 || bodyBudget < 0
                || maxConnectionsPerAddress < 1 || decoders < 1 || decodeQueuePerClient < 1) {
            throw new IllegalArgumentException("server limits must be positive: " + workers + " workers, " + queue
                    + " queued, " + maxConnections + " connections (" + maxConnectionsPerAddress + " per address), "
                    + maxHeaderBytes + " header bytes, " + decoders + " decoders (" + decodeQueuePerClient
                    + " per client)");
        }
        if (connectionReserve < 0 || connectionReserve >= maxConnections) {
            throw new IllegalArgumentException("the connection reserve must be 0 to " + (maxConnections - 1)
                    + ", got " + connectionReserve);
        }
        for (Duration d : new Duration[] {headerTimeout, requestTimeout, writeTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("server timeouts must be positive, got " + d);
            }
        }
    }

    /**
     * Limits with the fairness settings derived from the totals: a quarter of the connections per address (at
     * least 16, at most all), a sixteenth in reserve, half the workers decoding (at least one), 8 decoding
     * requests per client. For {@link #DEFAULTS}: 64 per address, 16 in reserve.
     */
    public ServerLimits(int workers, int queue, int maxConnections, Duration headerTimeout, Duration requestTimeout,
                        Duration writeTimeout, int maxHeaderBytes, int maxBody, long bodyBudget) {
        this(workers, queue, maxConnections, headerTimeout, requestTimeout, writeTimeout, maxHeaderBytes, maxBody,
                bodyBudget, Math.max(maxConnections / 4, Math.min(maxConnections, 16)), maxConnections / 16,
                Math.max(1, workers / 2), 8);
    }

    /** The same limits with other deadlines (tests use short ones). */
    public ServerLimits withTimeouts(Duration header, Duration request, Duration write) {
        return new ServerLimits(workers, queue, maxConnections, header, request, write, maxHeaderBytes, maxBody,
                bodyBudget, maxConnectionsPerAddress, connectionReserve, decoders, decodeQueuePerClient);
    }

    /** The same limits with other connection shares (per address, reserve). */
    public ServerLimits withConnectionShares(int perAddress, int reserve) {
        return new ServerLimits(workers, queue, maxConnections, headerTimeout, requestTimeout, writeTimeout,
                maxHeaderBytes, maxBody, bodyBudget, perAddress, reserve, decoders, decodeQueuePerClient);
    }

    /** The same limits with another decoding share (threads, requests per client). */
    public ServerLimits withDecoding(int threads, int perClient) {
        return new ServerLimits(workers, queue, maxConnections, headerTimeout, requestTimeout, writeTimeout,
                maxHeaderBytes, maxBody, bodyBudget, maxConnectionsPerAddress, connectionReserve, threads, perClient);
    }
}
