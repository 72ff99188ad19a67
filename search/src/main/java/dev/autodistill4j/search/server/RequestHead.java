package dev.autodistill4j.search.server;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a request line and headers strictly: origin-form targets only, printable ASCII, no obsolete line
 * folding, no ambiguous body framing. Anything else is an {@link HttpError} that becomes a JSON 4xx.
 */
final class RequestHead {
    static final int MAX_REQUEST_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;

    final String method;
    final String rawPath;
    final String rawQuery;
    final Map<String, String> headers;

    private RequestHead(String method, String rawPath, String rawQuery, Map<String, String> headers) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        this.headers = headers;
    }

    /** @param block the bytes before the blank line that ends the headers */
    static RequestHead parse(byte[] block, int length) {
        checkBytes(block, 0, length);
        String[] lines = new String(block, 0, length, StandardCharsets.US_ASCII).split("\r\n", -1);
        String[] parts = requestLine(lines[0]);
        String target = parts[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        if (lines.length - 1 > MAX_HEADERS) {
            throw new HttpError(431, "more than " + MAX_HEADERS + " request headers");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.startsWith(" ") || line.startsWith("\t")
                    || !line.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new HttpError(400, "malformed request header");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if ((name.equals("host") || name.equals("content-length")) && headers.containsKey(name)
                    && !headers.get(name).equals(value)) {
                throw new HttpError(400, "conflicting " + name + " headers");
            }
            headers.put(name, value);
        }
        if (parts[2].equals("HTTP/1.1") && !headers.containsKey("host")) {
            throw new HttpError(400, "an HTTP/1.1 request needs a Host header");
        }
        return new RequestHead(parts[0], path, query, headers);
    }

    /**
     * Refuses, as soon as they arrive, bytes that can never make a valid head: not printable ASCII, a line feed
     * without its carriage return (a bare-LF request used to wait for its 408 at the header deadline, since its
     * head never ends in CRLF CRLF) or a carriage return followed by anything but a line feed.
     *
     * @param from first byte to check (the last one checked before, so that a CR ending the previous read is
     *             checked against the byte after it)
     * @param to   end of the head bytes received so far
     */
    static void checkBytes(byte[] head, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = head[i] & 0xff;
            if (b >= 0x7f || (b < 0x20 && b != '\r' && b != '\n' && b != '\t')) {
                throw new HttpError(400, "the request has bytes that are not printable ASCII in its head");
            }
            if (b == '\n' && (i == 0 || head[i - 1] != '\r')) {
                throw new HttpError(400, "a request line or header ends in a bare LF: end lines with CRLF");
            }
            if (b == '\r' && i + 1 < to && head[i + 1] != '\n') {
                throw new HttpError(400, "a carriage return in the request head is not followed by a line feed");
            }
        }
    }

    /** The method, target and version of a request line, checked (so a garbage first line is refused at once). */
    static String[] requestLine(String line) {
        if (line.length() > MAX_REQUEST_LINE) {
            throw new HttpError(414, "the request line is longer than " + MAX_REQUEST_LINE + " bytes");
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !parts[0].matches("[A-Z]{1,16}") || !parts[2].matches("HTTP/1\\.[01]")) {
            throw new HttpError(400, "malformed request line");
        }
        String target = parts[1];
        if (!target.startsWith("/") || target.startsWith("//")) {
            throw new HttpError(400, "the request target must be a path such as /api/search");
        }
        return parts;
    }

    /** The declared body length; chunked or invalid framing is refused. */
    long contentLength() {
        if (headers.containsKey("transfer-encoding")) {
            throw new HttpError(411, "chunked uploads are not supported: send the image with a Content-Length");
        }
        String v = headers.get("content-length");
        if (v == null) {
            return 0;
        }
        if (!v.matches("[0-9]{1,12}")) {
            throw new HttpError(400, "invalid Content-Length");
        }
        return Long.parseLong(v);
    }
}
