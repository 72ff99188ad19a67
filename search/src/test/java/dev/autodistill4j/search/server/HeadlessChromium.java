package dev.autodistill4j.search.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives Debian's {@code chromium} headless over the DevTools protocol (a WebSocket from java.net.http), so a
 * test can load a page, type, press Enter and read the DOM the page's JavaScript produced.
 *
 * <p>Absent chromium: the test is skipped with a message, unless {@code CI=true}, where it fails.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private final Path profile;

    private HeadlessChromium(Process process, WebSocket socket, Path profile) {
        this.process = process;
        this.socket = socket;
        this.profile = profile;
    }

    static Path executable() {
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (ci) {
            throw new IllegalStateException("CI=true but chromium is not installed: .ci/run installs it with "
                    + "apt-get install -y chromium");
        }
        Assumptions.assumeTrue(false, "browser test skipped: chromium is not installed (apt-get install -y chromium)");
        return null;
    }

    /** Starts chromium with a throw-away profile folder (deleted on close). */
    static HeadlessChromium launch() throws Exception {
        Path profile = Files.createTempDirectory("autodistill4j-chromium-");
        Process p = new ProcessBuilder(executable().toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
                "about:blank").redirectErrorStream(true).start();
        String browserWs = null;
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        StringBuilder log = new StringBuilder();
        for (String line; System.nanoTime() < deadline && (line = r.readLine()) != null; ) {
            log.append(line).append('\n');
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                browserWs = m.group(1);
                break;
            }
        }
        if (browserWs == null) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not start its DevTools endpoint:\n" + log);
        }
        Thread drain = new Thread(() -> {
            try {
                while (r.readLine() != null) {
                    // keep the pipe empty so chromium never blocks on stderr
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        URI ws = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + ws.getHost() + ":" + ws.getPort()
                + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String pageWs = null;
        for (JsonNode target : JSON.readTree(list)) {
            if ("page".equals(target.path("type").asText())) {
                pageWs = target.get("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageWs == null) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium has no page target: " + list);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            private final StringBuilder buffer = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                buffer.append(data);
                if (last) {
                    String message = buffer.toString();
                    buffer.setLength(0);
                    try {
                        JsonNode node = JSON.readTree(message);
                        if (node.has("id") && self[0] != null) {
                            CompletableFuture<JsonNode> f = self[0].pending.remove(node.get("id").asInt());
                            if (f != null) {
                                f.complete(node);
                            }
                        }
                    } catch (IOException ignored) {
                        // not for us
                    }
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(p, socket, profile);
        return self[0];
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
        JsonNode reply = f.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** Evaluates a JavaScript expression in the page (promises awaited) and returns its JSON value. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Polls {@code condition} (a JS boolean expression) until it is true or the timeout passes. */
    boolean waitFor(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (eval("Boolean(" + condition + ")").asBoolean()) {
                    return true;
                }
            } catch (IllegalStateException pageNotReady) {
                // the document is being replaced (navigation, reload): ask again
            }
            Thread.sleep(100);
        }
        return false;
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** Types text into the focused element, as a user would. */
    void type(String text) throws Exception {
        call("Input.insertText", Map.of("text", text));
    }

    /** Presses and releases one key as a user would ({@code "m"}, {@code "/"}, {@code "Escape"}…). */
    void press(String key) throws Exception {
        Map<String, Object> down = new java.util.HashMap<>(Map.of("type", "keyDown", "key", key));
        if (key.length() == 1) {
            down.put("text", key);
        }
        call("Input.dispatchKeyEvent", down);
        call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key));
    }

    void pressEnter() throws Exception {
        Map<String, Object> key = Map.of("type", "keyDown", "key", "Enter", "code", "Enter",
                "windowsVirtualKeyCode", 13, "nativeVirtualKeyCode", 13, "text", "\r");
        call("Input.dispatchKeyEvent", key);
        call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", "Enter", "code", "Enter",
                "windowsVirtualKeyCode", 13, "nativeVirtualKeyCode", 13));
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (java.util.stream.Stream<Path> s = Files.walk(profile)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f); // symlinks (SingletonLock) are deleted, never followed
            }
        } catch (IOException ignored) {
            // best effort: it is a temp folder
        }
    }
}
