package dev.autodistill4j.search.server;

import java.net.InetAddress;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.Map;

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
 *       have been silent longest. A connection whose request is being answered is never closed.</li>
 *   <li>The last {@code connectionReserve} slots go only to addresses that hold no connection yet, so when every
 *       connection is busy a new client still gets in.</li>
 * </ul>
 * Touched only by the I/O thread.
 */
final class ConnectionPolicy {
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

    /** The connection to close first (of {@code client}, or of anyone when null); null when none is idle. */
    private static SelectionKey mostIdle(Iterable<SelectionKey> keys, InetAddress client) {
        SelectionKey best = null;
        Connection bestConnection = null;
        for (SelectionKey key : keys) {
            if (!(key.attachment() instanceof Connection c) || !key.isValid() || !c.idle()
                    || (client != null && !client.equals(c.client))) {
                continue;
            }
            if (bestConnection == null || closesBefore(c, bestConnection)) {
                best = key;
                bestConnection = c;
            }
        }
        return best;
    }

    /** Answered connections (lingering for the client to read) go first, then the longest silent. */
    private static boolean closesBefore(Connection a, Connection b) {
        boolean aDone = a.phase == Connection.Phase.DRAINING;
        boolean bDone = b.phase == Connection.Phase.DRAINING;
        if (aDone != bDone) {
            return aDone;
        }
        return a.lastActive - b.lastActive < 0;
    }
}
