package dev.autodistill4j.search.server;

import java.net.InetAddress;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which connections {@link HttpFrontEnd} keeps when a new one arrives, so that idle connections cannot lock
 * clients out: 256 connections that never sent a byte used to fill the server and every new client got 503.
 *
 * <ul>
 *   <li>One address holds at most {@link ServerLimits#maxConnectionsPerAddress()}; beyond that its own most idle
 *       connection is closed for the new one (or, when all of its connections are being answered, the new one
 *       gets 503).</li>
 *   <li>Near the cap (within {@link ServerLimits#connectionReserve()} of it) the most idle connection of any
 *       address is closed for the new one: lingering ones that were already answered first, then those that
 *       have been silent longest, then answers the client stopped reading. A connection whose request is being
 *       answered, or whose answer is moving, is never closed.</li>
 *   <li>The last {@code connectionReserve} slots go only to addresses that hold no connection yet, so when every
 *       connection is busy a new client still gets in.</li>
 * </ul>
 * Touched only by the I/O thread.
 */
final class ConnectionPolicy {
    /** An answer the client has not read for this long may be dropped for a new connection. */
    static final long STALLED_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ServerLimits limits;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int open;

    /** Admit the new connection (after closing {@code evict} when it is not null), or refuse it with 503. */
    record Decision(boolean admit, SelectionKey evict) {
        static final Decision ADMIT = new Decision(true, null);
        static final Decision REFUSE = new Decision(false, null);
    }

    ConnectionPolicy(ServerLimits limits) {
        this.limits = limits;
    }

    /** What to do with a new connection from {@code client}, given the connections open now. */
    Decision admit(InetAddress client, Iterable<SelectionKey> keys) {
        int mine = perAddress.getOrDefault(client, 0);
        if (mine >= limits.maxConnectionsPerAddress()) {
            SelectionKey idle = mostIdle(keys, client);
            return idle == null ? Decision.REFUSE : new Decision(true, idle);
        }
        if (open < limits.maxConnections() - limits.connectionReserve()) {
            return Decision.ADMIT;
        }
        SelectionKey idle = mostIdle(keys, null);
        if (idle != null) {
            return new Decision(true, idle);
        }
        return mine == 0 && open < limits.maxConnections() ? Decision.ADMIT : Decision.REFUSE;
    }

    void opened(InetAddress client) {
        open++;
        perAddress.merge(client, 1, Integer::sum);
    }

    void closed(InetAddress client) {
        open--;
        perAddress.computeIfPresent(client, (k, n) -> n > 1 ? n - 1 : null);
    }

    int open() {
        return open;
    }

    /** The connection to close first (of {@code client}, or of anyone when null); null when none may be closed. */
    private static SelectionKey mostIdle(Iterable<SelectionKey> keys, InetAddress client) {
        long now = System.nanoTime();
        SelectionKey best = null;
        int bestRank = Integer.MAX_VALUE;
        long bestActive = 0;
        for (SelectionKey key : keys) {
            if (!(key.attachment() instanceof Connection c) || !key.isValid()
                    || (client != null && !client.equals(c.client))) {
                continue;
            }
            int rank = c.closingRank(now, STALLED_NANOS);
            if (rank < 0) {
                continue;
            }
            if (rank < bestRank || rank == bestRank && c.lastActive - bestActive < 0) {
                best = key;
                bestRank = rank;
                bestActive = c.lastActive;
            }
        }
        return best;
    }
}
