package dev.autodistill4j.metaclip.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Hugging Face hub on 127.0.0.1 in the hub's URL layout: {@code /<org>/<repo>/resolve/<rev>/<file>}. Weight files
 * behave as LFS files (302 to {@code /lfs/...} with {@code X-Linked-Etag} = sha256); other files answer directly
 * with {@code ETag} = git blob sha1. Repos can be made to corrupt their weights or drop the first transfer.
 */
final class FakeHub implements AutoCloseable {
    enum Mode { NORMAL, CORRUPT, DROP_FIRST }

    record Repo(Path folder, Mode mode) {
    }

    final Map<String, Repo> repos = new ConcurrentHashMap<>();
    /** old repo id → new repo id, answered with a relative 307 */
    final Map<String, String> renamed = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final HttpServer server;

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String range = ex.getRequestHeaders().getFirst("Range");
            requests.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
            String[] p = path.substring(1).split("/");
            String renamedTo = renamed.get(p[0] + "/" + p[1]);
            if (renamedTo != null) {
                // the hub answers a renamed repository with a relative redirect to its new name
                ex.getResponseHeaders().add("Location", "/" + renamedTo + path.substring(p[0].length() + p[1].length() + 2));
                ex.sendResponseHeaders(307, -1);
                return;
            }
            boolean lfs = p[0].equals("lfs");
            // /org/repo/resolve/rev/file  or  /lfs/org/repo/file
            String repoName = lfs ? p[1] + "/" + p[2] : p[0] + "/" + p[1];
            String file = lfs ? p[3] : p.length >= 5 ? p[4] : "";
            Repo repo = repos.get(repoName);
            Path f = repo == null ? null : repo.folder().resolve(file);
            if (f == null || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] content = Files.readAllBytes(f);
            boolean weights = file.endsWith(".safetensors") || file.endsWith(".bin");
            if (weights && !lfs) {
                ex.getResponseHeaders().add("X-Linked-Etag", "\"" + HubDownloader.digest(f, "SHA-256", null) + "\"");
                ex.getResponseHeaders().add("X-Linked-Size", String.valueOf(content.length));
                ex.getResponseHeaders().add("ETag", "\"not-the-hash\"");
                ex.getResponseHeaders().add("Location", endpoint() + "/lfs/" + repoName + "/" + file);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            if (!weights) {
                ex.getResponseHeaders().add("ETag", "\"" + HubDownloader.digest(f, "SHA-1",
                        ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII)) + "\"");
            }
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            if (repo.mode() == Mode.CORRUPT && lfs) {
                content = content.clone();
                content[content.length / 2] ^= 0x40;
            }
            int from = 0;
            if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                from = Integer.parseInt(range.substring(6, range.length() - 1));
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/"
                        + content.length);
                ex.sendResponseHeaders(206, content.length - from);
            } else {
                ex.sendResponseHeaders(200, content.length);
            }
            OutputStream out = ex.getResponseBody();
            if (repo.mode() == Mode.DROP_FIRST && lfs && dropped.compareAndSet(false, true)) {
                out.write(content, from, (content.length - from) / 3);
                out.flush();
                // close the socket mid-body: the client sees a connection dropped after a third of the file
                throw new IOException("dropping the connection on purpose");
            }
            out.write(content, from, content.length - from);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
