package dev.autodistill4j.search.server;

import dev.autodistill4j.api.Autodistill4jException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every page server of this module ({@code serve}, {@code review}) does before its own routes: listen on
 * the address asked for with user-facing errors, and refuse a request whose {@code Host} is not this server
 * (DNS rebinding) or whose {@code Origin} is another page (cross-site requests).
 */
final class PageGuard {
    private final HostCheck hosts;
    private final String command;

    private PageGuard(HostCheck hosts, String command) {
        this.hosts = hosts;
        this.command = command;
    }

    /**
     * A front end on {@code host:port} calling {@code handler}, on a decoder thread for the requests
     * {@code decodes} picks (those that decode images); errors name the remedy.
     */
    static HttpFrontEnd listen(String host, int port, ServerLimits limits, Function<HttpRequest, HttpResponse> handler,
                               Predicate<HttpRequest> decodes) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new Autodistill4jException("cannot listen on " + host + ": no such host name; give an address "
                    + "such as 127.0.0.1 with `host`");
        }
        try {
            return new HttpFrontEnd(address, limits, handler, decodes);
        } catch (IOException e) {
            throw new Autodistill4jException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): choose another `port` or stop the program that uses it", e);
        }
    }

    /** The guard of a front end bound to {@code host}; {@code command} names the CLI command in messages. */
    static PageGuard of(String host, HttpFrontEnd http, Set<String> allowedHosts, String command) {
        InetSocketAddress bound = http.address();
        return new PageGuard(new HostCheck(host, new InetSocketAddress(host, bound.getPort()).getAddress(),
                bound.getPort(), allowedHosts), command);
    }

    /** Throws a 403 {@link HttpError} for a request not addressed to this server or sent by another page. */
    void check(HttpRequest request) {
        if (!hosts.allows(request.header("host"))) {
            throw new HttpError(403, "this server answers only to the name it was started with "
                    + "(Host header refused); use the address printed by 'autodistill4j " + command + "'");
        }
        if (!hosts.allowsOrigin(request.header("origin"))) {
            throw new HttpError(403, "requests from other web pages are refused (Origin header)");
        }
    }
}
