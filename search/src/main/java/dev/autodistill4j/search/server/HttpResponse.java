package dev.autodistill4j.search.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response: status, content type, body and any extra headers (the front end adds length and security ones). */
record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    HttpResponse {
        headers = Map.copyOf(headers);
    }

    static HttpResponse json(int status, Object value) {
        try {
            return new HttpResponse(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"error": message}}; the message is ours, never file contents or server paths. */
    static HttpResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    HttpResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResponse(status, contentType, body, h);
    }

    /** Status line and headers; every response closes its connection. */
    byte[] head() {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\nContent-Type: ").append(contentType)
                .append("\r\nContent-Length: ").append(body.length)
                .append("\r\nX-Content-Type-Options: nosniff")
                .append("\r\nReferrer-Policy: no-referrer")
                .append("\r\nConnection: close");
        headers.forEach((k, v) -> sb.append("\r\n").append(k).append(": ").append(v));
        return sb.append("\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 413 -> "Payload Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
