package dev.autodistill4j.search.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Sends hand-written bytes to the server (what HttpClient refuses to send) and reads the answer until EOF. */
final class RawHttp {
    record Answer(int status, String head, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    static Socket connect(int port) throws IOException {
        return connectFrom(null, port);
    }

    /** A connection from the local address {@code from} (e.g. 127.0.0.2, another loopback client), or any. */
    static Socket connectFrom(String from, int port) throws IOException {
        Socket s = new Socket();
        if (from != null) {
            s.bind(new InetSocketAddress(from, 0));
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(30_000); // generous: a test fails rather than hangs
        return s;
    }

    static Answer send(int port, byte[] request) throws IOException {
        return send(null, port, request);
    }

    /** As {@link #send(int, byte[])}, from the local address {@code from} (null: any). */
    static Answer send(String from, int port, byte[] request) throws IOException {
        try (Socket s = connectFrom(from, port)) {
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return read(s);
        }
    }

    static Answer send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads a whole response from an open socket; status -1 when the server closed without one. */
    static Answer read(Socket s) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete answer within " + s.getSoTimeout() + " ms", e);
        } catch (IOException e) {
            if (all.size() == 0) {
                return new Answer(-1, "", new byte[0]); // reset without an answer
            }
        }
        byte[] bytes = all.toByteArray();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0 || !text.startsWith("HTTP/1.1 ")) {
            return new Answer(-1, text, bytes);
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, end),
                Arrays.copyOfRange(bytes, end + 4, bytes.length));
    }
}
