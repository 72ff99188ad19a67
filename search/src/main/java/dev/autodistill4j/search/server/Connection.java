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
    /** When the client last sent bytes (or connected): idle connections are closed oldest-idle first. */
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

    /** Whether closing this connection loses no request that was received: it waits for or lingers after one. */
    boolean idle() {
        return phase == Phase.HEAD || phase == Phase.BODY || phase == Phase.DRAINING;
    }
}
