package dev.autodistill4j.search.server;

import java.util.Map;

/**
 * One complete request as read by {@link HttpFrontEnd}.
 *
 * @param method   e.g. GET
 * @param rawPath  the path as sent (origin form, still percent-encoded)
 * @param rawQuery the query string as sent, or null
 * @param headers  header names in lower case; the last value of a repeated header
 * @param body     the body (empty without Content-Length)
 */
record HttpRequest(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
    String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
