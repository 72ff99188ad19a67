package dev.autodistill4j.search.server;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * One connection's state in {@link HttpFrontEnd}; touched only by its I/O thread. Kept apart from the front end
 * so that {@link ConnectionPolicy} can judge connections (whose, how long idle, in which phase) without the I/O.
 */
final class Connection {
    /** Where a connection is in its one request: reading, answered by a worker, writing, lingering. */
    enum Phase { HEAD, BODY, WORKING, WRITING, DRAINING }

    final InetAddress client;
    final long accepted = System.nanoTime();
    Phase phase = Phase.HEAD;
    long deadline;
    /** When the client last sent or took bytes (or connected): idle connections are closed oldest-idle first. */
    long lastActive = accepted;
    final ByteArrayOutputStream head = new ByteArrayOutputStream();
    boolean requestLineChecked;
    RequestHead request;
    long declared;
    long reserved;
    ByteArrayOutputStream body;
    ByteBuffer out;
    int drained;

    Connection(InetAddress client) {
        this.client = client;
    }

    /**
     * How soon this connection is closed for a new one, lowest first; -1: never (its request is being answered,
     * or its answer is still moving). Answered and lingering: 0; waiting for a request: 1; an answer the client
     * has stopped reading for {@code stalledNanos}: 2 (64 clients that never read a large original would
     * otherwise hold an address's share until the write deadline).
     */
    int closingRank(long now, long stalledNanos) {
        return switch (phase) {
            case DRAINING -> 0;
            case HEAD, BODY -> 1;
            case WRITING -> now - lastActive > stalledNanos ? 2 : -1;
            case WORKING -> -1;
        };
    }
}
