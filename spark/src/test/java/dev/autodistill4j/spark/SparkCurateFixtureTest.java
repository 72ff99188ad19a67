package dev.autodistill4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.cli.Main;
import dev.autodistill4j.curation.Balancing;
import dev.autodistill4j.curation.CurationJob;
import dev.autodistill4j.curation.CurationSettings;
import dev.autodistill4j.testing.Fixtures;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spark curate} against the local {@code curate} on the golden curation fixture: for both decision rules
 * (the reference's own draws replayed), the Spark run's {@code matches.jsonl}, {@code counts.json} and
 * {@code kept.jsonl} are byte for byte the local run's, which are the reference's matches, counts and kept ids
 * (as CurateCommandsTest checks them) — with the texts cut into 7 byte ranges, so rows cross task boundaries.
 * And it refuses what the local command refuses, with one {@code error:} line and nothing changed.
 */
class SparkCurateFixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static Path fx;
    static JsonNode balance;

    @BeforeAll
    static void start() throws IOException {
        fx = Fixtures.resolve("curation");
        balance = JSON.readTree(fx.resolve("balance.json").toFile());
        spark = SparkSessions.local2();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void sparkCurateEqualsLocalCurateForBothVariants() throws IOException {
        Path draws = Files.writeString(tmp.resolve("draws.json"), balance.get("draws").toString());
        Path local = curateLocally("local", draws, Balancing.Variant.PER_TEXT);
        Path onSpark = tmp.resolve("spark");
        Run run = curateOnSpark(onSpark, "--draws", draws.toString());
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("\"kept\":12852");
        assertSameFiles(local, onSpark);
        assertThat(Files.readString(onSpark.resolve("matches.jsonl"))).isEqualTo(Files.readString(fx.resolve("matches.jsonl")));
        assertThat(JSON.readTree(onSpark.resolve("counts.json").toFile()).get("counts"))
                .isEqualTo(JSON.readTree(fx.resolve("counts.json").toFile()).get("counts"));
        assertThat(keptIds(onSpark)).isEqualTo(ids(balance.get("kept_ids")));
        JsonNode runJson = JSON.readTree(onSpark.resolve("run.json").toFile());
        assertThat(runJson.get("command").asText()).isEqualTo("curate");
        assertThat(runJson.get("tool").asText()).isEqualTo("autodistill4j spark curate");
        assertThat(runJson.get("texts").get("sha256")).isEqualTo(JSON.readTree(local.resolve("run.json").toFile())
                .get("texts").get("sha256"));
        assertThat(runJson.get("draws").get("used").asLong()).isEqualTo(20_000);

        JsonNode seq = balance.get("sequential");
        Path stream = Files.writeString(tmp.resolve("stream.json"), seq.get("draw_stream").toString());
        Path localSeq = curateLocally("local-seq", stream, Balancing.Variant.SEQUENTIAL);
        Path sparkSeq = tmp.resolve("spark-seq");
        Run seqRun = curateOnSpark(sparkSeq, "--draws", stream.toString(), "--sequential");
        assertThat(seqRun.code).as(seqRun.err).isZero();
        assertSameFiles(localSeq, sparkSeq);
        assertThat(keptIds(sparkSeq)).isEqualTo(ids(seq.get("kept_ids")));

        Run again = curateOnSpark(onSpark, "--seed", "3"); // an earlier curate output is curate's own: replaced
        assertThat(again.code).as(again.err).isZero();
        assertThat(JSON.readTree(onSpark.resolve("run.json").toFile()).get("draws").get("seed").asLong()).isEqualTo(3);
    }

    @Test
    void refusesAnOutputThatIsNotCuratesAndChangesNothing() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("users"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Run run = curateOnSpark(out, "--seed", "1");
        assertThat(run.code).as(run.err).isEqualTo(2);
        assertThat(errorLines(run)).singleElement().asString()
                .contains("notes.txt, which curate did not write").contains("nothing was changed");
        assertThat(out.toFile().list()).containsExactlyInAnyOrder("notes.txt", ".autodistill4j.lock"); // as local
        assertThat(out.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void theTextsAreAPathNeverAGlobAndADamagedLineIsNamed() throws IOException {
        Path meta = Files.writeString(tmp.resolve("m.json"), "[\"cat\"]");
        Path dir = Files.createDirectories(tmp.resolve("glob"));
        Files.writeString(dir.resolve("in1.jsonl"), "{\"id\": 0, \"text\": \"a cat\"}\n");
        Run glob = run("--metadata", meta.toString(), "--texts", dir.resolve("in[1].jsonl").toString(), "--t", "5",
                "--out", tmp.resolve("glob-out").toString());
        assertThat(glob.code).as(glob.err).isEqualTo(2);
        assertThat(errorLines(glob)).singleElement().asString().contains("in[1].jsonl is not a file");

        StringBuilder texts = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            texts.append(i == 1500 ? "{\"id\": 1500, text}\n" : "{\"id\": " + i + ", \"text\": \"a cat\"}\n");
        }
        Path damaged = Files.writeString(tmp.resolve("damaged.jsonl"), texts);
        Path out = tmp.resolve("damaged-out");
        Run bad = run("--metadata", meta.toString(), "--texts", damaged.toString(), "--t", "5", "--out",
                out.toString(), "--partitions", "5");
        assertThat(bad.code).as(bad.err).isEqualTo(2);
        assertThat(errorLines(bad)).singleElement().asString().contains(damaged + " line 1501 is not valid JSON");
        assertThat(out.toFile().list()).allMatch(n -> n.startsWith(".autodistill4j")); // no output, no temporary
    }

    private static Path curateLocally(String name, Path draws, Balancing.Variant variant) {
        Path out = tmp.resolve(name);
        new CurationJob(new CurationSettings(fx.resolve("metadata.json"), fx.resolve("texts.jsonl"), 20, out, 0,
                draws, variant, 2), ProgressListener.NONE).run();
        return out;
    }

    private static void assertSameFiles(Path local, Path onSpark) throws IOException {
        for (String name : List.of("matches.jsonl", "counts.json", "kept.jsonl")) {
            assertThat(Files.mismatch(local.resolve(name), onSpark.resolve(name))).as(name).isEqualTo(-1L);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run curateOnSpark(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("--metadata", fx.resolve("metadata.json").toString(), "--texts",
                fx.resolve("texts.jsonl").toString(), "--t", "20", "--out", out.toString(), "--partitions", "7"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static Run run(String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        List<String> full = new ArrayList<>(List.of("spark", "curate"));
        full.addAll(List.of(args));
        int code = cl.execute(full.toArray(String[]::new));
        return new Run(code, stdout.toString(), stderr.toString());
    }

    private static List<String> errorLines(Run run) {
        return run.err.lines().filter(l -> l.startsWith("error: ")).toList();
    }

    private static List<Long> keptIds(Path out) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("kept.jsonl"))) {
            ids.add(JSON.readTree(line).get("id").asLong());
        }
        return ids;
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }
}
