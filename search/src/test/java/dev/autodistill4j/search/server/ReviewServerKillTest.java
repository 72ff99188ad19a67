package dev.autodistill4j.search.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.review.ReviewLog;
import dev.autodistill4j.datasets.review.ReviewedManifest;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.review.HostileDataset;
import dev.autodistill4j.search.review.Neighbours;
import dev.autodistill4j.search.review.ReviewSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code kill -9} of a review server right after it answered a correction: the correction is in
 * {@code reviews.jsonl}, the file is where the answer said, and a new server shows it.
 */
class ReviewServerKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The child: serves {@code args[0]} on a free port and writes the port to {@code args[1]}. */
    public static void main(String[] args) throws Exception {
        ReviewServer server = new ReviewServer(new ReviewSession(Path.of(args[0]), "killed", Neighbours.none()),
                ImageLoader.standard(), "127.0.0.1", 0, Set.of(), ServerLimits.DEFAULTS);
        server.start();
        Path tmp = Path.of(args[1] + ".tmp");
        Files.writeString(tmp, Integer.toString(server.port()));
        Files.move(tmp, Path.of(args[1]));
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aCorrectionAnsweredBeforeASigkillIsKept() throws Exception {
        Path dataset = HostileDataset.label(tmp.resolve("in"), tmp.resolve("labelled"));
        ManifestRecord red = ReviewedManifest.records(dataset).stream().filter(r -> "red".equals(r.className()))
                .findFirst().orElseThrow();
        Path portFile = tmp.resolve("port");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                ReviewServerKillTest.class.getName(), dataset.toString(), portFile.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        JsonNode answer;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(portFile) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(portFile).as("child started; log: %s", Files.readString(tmp.resolve("child.log"))).exists();
            String base = "http://127.0.0.1:" + Files.readString(portFile).strip();
            HttpClient http = HttpClient.newHttpClient();
            JsonNode item = null;
            for (JsonNode i : JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/view?name=class:red")).build(), HttpResponse.BodyHandlers.ofString()).body()).get("items")) {
                if (i.get("sha256").asText().equals(red.sha256())) {
                    item = i;
                }
            }
            assertThat(item).isNotNull();
            Map<String, Object> body = Map.of("action", "move", "to", HostileDataset.GREEN, "items", List.of(Map.of(
                    "id", item.get("id").asText(), "sha256", red.sha256(), "class", "red")));
            answer = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/correct"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("results").get(0);
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix, at once after the answer
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(answer.get("status").asText()).isEqualTo("applied");
        String file = answer.get("item").get("file").asText();
        assertThat(Files.readAllLines(ReviewLog.of(dataset))).singleElement()
                .satisfies(l -> assertThat(JSON.readTree(l).get("who").asText()).isEqualTo("killed"));
        assertThat(dataset.resolve(file)).exists();
        assertThat(dataset.resolve(red.file())).doesNotExist();
        ManifestRecord now = new ReviewSession(dataset, "next", Neighbours.none()).snapshot().items().stream()
                .map(i -> i.record()).filter(r -> r.source().equals(red.source())).findFirst().orElseThrow();
        assertThat(now.className()).isEqualTo(HostileDataset.GREEN);
        assertThat(now.file()).isEqualTo(file);
    }
}
