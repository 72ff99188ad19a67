package dev.autodistill4j.search.server;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Accepts only requests addressed to this server by the name or address it is bound to, so a web page whose
 * DNS name is re-pointed at 127.0.0.1 (DNS rebinding) cannot read the index through the visitor's browser: the
 * browser sends that page's name as {@code Host}, which is refused. IP literals cannot be rebound; names other
 * than {@code localhost} and the bound one must be allowed explicitly.
 */
final class HostCheck {
    private final Set<String> names = new TreeSet<>();
    private final boolean anyAddressLiteral;
    private final int port;

    /**
     * @param bound    the --host the server listens on (name or address)
     * @param address  the bound address; all interfaces (0.0.0.0 or ::) accept any address literal
     * @param port     the bound port, which the Host header must name (or imply: 80)
     * @param extra    further names the user allows (e.g. the machine's DNS name)
     */
    HostCheck(String bound, InetAddress address, int port, Set<String> extra) {
        this.port = port;
        this.anyAddressLiteral = address.isAnyLocalAddress();
        names.add(normalise(bound));
        names.add(normalise(address.getHostAddress()));
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            names.add("localhost");
            names.add("127.0.0.1");
            names.add("::1");
        }
        extra.forEach(n -> names.add(normalise(n)));
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Whether a request with this {@code Host} header value is for us. */
    boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return false;
        }
        String host = hostHeader;
        int requestPort = 80;
        int colon = hostHeader.lastIndexOf(':');
        if (colon > hostHeader.lastIndexOf(']')) {
            host = hostHeader.substring(0, colon);
            String p = hostHeader.substring(colon + 1);
            if (!p.matches("[0-9]{1,5}")) {
                return false;
            }
            requestPort = Integer.parseInt(p);
        }
        if (requestPort != port) {
            return false;
        }
        String h = normalise(host);
        return names.contains(h) || anyAddressLiteral && isAddressLiteral(h);
    }

    /**
     * Whether a request's {@code Origin} header (sent by browsers on cross-site and POST requests) is this
     * server's own page; absent is fine (curl, same-origin GET), anything else — another site, {@code null}
     * from a sandboxed frame or a file — is not.
     */
    boolean allowsOrigin(String origin) {
        if (origin == null) {
            return true;
        }
        String prefix = "http://";
        if (!origin.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            return false;
        }
        String authority = origin.substring(prefix.length());
        if (authority.isEmpty() || authority.contains("/") || authority.contains("@")) {
            return false;
        }
        return allows(authority.contains(":") && authority.lastIndexOf(':') > authority.lastIndexOf(']')
                ? authority : authority + ":80");
    }

    private static boolean isAddressLiteral(String h) {
        return h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || h.matches("[0-9a-f:.]+") && h.contains(":");
    }
}
