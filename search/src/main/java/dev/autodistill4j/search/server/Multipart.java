package dev.autodistill4j.search.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Extracts the first file part of a {@code multipart/form-data} body. Only what a browser's form upload
 * sends is supported; anything else is a 400 with the reason.
 */
final class Multipart {
    private Multipart() {
    }

    /** The boundary from a Content-Type header, or null when it is not multipart/form-data. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                if (b.startsWith("\"") && b.endsWith("\"") && b.length() > 1) {
                    b = b.substring(1, b.length() - 1);
                }
                return b;
            }
        }
        throw new HttpError(400, "multipart/form-data upload without a boundary");
    }

    /** The bytes of the first part that carries a filename (or the first part at all). */
    static byte[] firstFile(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int start = indexOf(body, delimiter, 0);
        byte[] fallback = null;
        while (start >= 0) {
            int headerStart = start + delimiter.length;
            if (headerStart + 1 < body.length && body[headerStart] == '-' && body[headerStart + 1] == '-') {
                break; // closing delimiter
            }
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headerStart);
            if (headerEnd < 0) {
                break;
            }
            String headers = new String(body, headerStart, headerEnd - headerStart, StandardCharsets.ISO_8859_1);
            int dataStart = headerEnd + 4;
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), dataStart);
            if (next < 0) {
                throw new HttpError(400, "the multipart upload is truncated (no closing boundary)");
            }
            byte[] data = java.util.Arrays.copyOfRange(body, dataStart, next);
            if (headers.toLowerCase(Locale.ROOT).contains("filename=")) {
                return data;
            }
            if (fallback == null) {
                fallback = data;
            }
            start = next + 2;
        }
        if (fallback == null) {
            throw new HttpError(400, "the multipart upload holds no file: send the image as a form file field");
        }
        return fallback;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
