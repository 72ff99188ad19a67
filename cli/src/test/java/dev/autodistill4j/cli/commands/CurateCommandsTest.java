package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.datasets.ClassificationDataset;
import dev.autodistill4j.datasets.DatasetReader;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code curate} (on the golden curation fixture), {@code dataset balance} and {@code bench-curate} end to end. */
class CurateCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void curateReproducesTheReferenceForBothVariants() throws IOException {
        Path fx = Fixtures.resolve("curation");
        JsonNode balance = JSON.readTree(fx.resolve("balance.json").toFile());
        Path draws = Files.writeString(tmp.resolve("draws.json"), balance.get("draws").toString());
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("curate", "--metadata", fx.resolve("metadata.json").toString(), "--texts",
                fx.resolve("texts.jsonl").toString(), "--t", "20", "--out", out.toString(), "--draws", draws.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json()).singleElement().satisfies(m -> assertThat(m).containsEntry("kept", 12852));
        assertThat(Files.readString(out.resolve("matches.jsonl"))).isEqualTo(Files.readString(fx.resolve("matches.jsonl")));
        assertThat(JSON.readTree(out.resolve("counts.json").toFile()).get("counts"))
                .isEqualTo(JSON.readTree(fx.resolve("counts.json").toFile()).get("counts"));
        assertThat(keptIds(out)).isEqualTo(ids(balance.get("kept_ids")));

        JsonNode seq = balance.get("sequential");
        Path stream = Files.writeString(tmp.resolve("stream.json"), seq.get("draw_stream").toString());
        Path seqOut = tmp.resolve("seq");
        CliRun seqRun = CliRun.of("curate", "--metadata", fx.resolve("metadata.json").toString(), "--texts",
                fx.resolve("texts.jsonl").toString(), "--t", "20", "--out", seqOut.toString(), "--draws",
                stream.toString(), "--sequential", "--threads", "1");
        assertThat(seqRun.exitCode()).as(seqRun.err()).isZero();
        assertThat(keptIds(seqOut)).isEqualTo(ids(seq.get("kept_ids")));
        assertThat(JSON.readTree(seqOut.resolve("run.json").toFile()).get("variant").asText()).isEqualTo("sequential");
    }

    @Test
    void curateUserErrorsAreOneLineAndExitTwo() throws IOException {
        Path meta = Files.writeString(tmp.resolve("m.json"), "[\"cat\"]");
        Path texts = Files.writeString(tmp.resolve("t.jsonl"), "{\"id\": 0, \"text\": \"a cat\"}\n{\"id\": 1, text}\n");
        CliRun bad = CliRun.of("curate", "--metadata", meta.toString(), "--texts", texts.toString(), "--t", "5",
                "--out", tmp.resolve("o").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement()
                .asString().contains(texts + " line 2 is not valid JSON");
        CliRun both = CliRun.of("curate", "--metadata", meta.toString(), "--texts", texts.toString(), "--t", "5",
                "--out", tmp.resolve("o2").toString(), "--seed", "1", "--draws", meta.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("error: give --seed or --draws, not both");
    }

    @Test
    void balanceCapsLargeClassesAndRecordsProvenance() throws IOException {
        Path src = tmp.resolve("ds");
        image(src, "train/cat", 60);
        image(src, "valid/cat", 20);
        image(src, "train/dog", 6);
        image(src, "train/emu", 10);
        Path out = tmp.resolve("balanced");
        CliRun run = CliRun.of("dataset", "balance", src.toString(), "--t", "10", "--out", out.toString(), "--seed", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<Map<String, Object>> rows = run.json();
        assertThat(rows).extracting(m -> m.get("class")).containsExactly("cat", "dog", "emu");
        assertThat(rows.get(0)).containsEntry("before", 80).containsEntry("probability", 0.125);
        assertThat(rows.get(1)).containsEntry("before", 6).containsEntry("after", 6).containsEntry("probability", 1.0);
        assertThat(rows.get(2)).containsEntry("after", 10);
        int catAfter = (Integer) rows.get(0).get("after");
        assertThat(catAfter).isBetween(3, 20); // binomial(80, 1/8): mean 10

        ClassificationDataset ds = DatasetReader.read(out);
        long cats = ds.items().values().stream().flatMap(List::stream).filter(i -> i.label().equals("cat")).count();
        assertThat(cats).isEqualTo(catAfter);
        assertThat(ds.split(Split.TRAIN).stream().filter(i -> i.label().equals("dog")).count()).isEqualTo(6);
        assertThat(Manifest.read(out.resolve(Manifest.FILE_NAME))).hasSize(catAfter + 16);
        JsonNode runJson = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(runJson.get("command").asText()).isEqualTo("dataset balance");
        assertThat(runJson.get("seed").asLong()).isEqualTo(3);
        assertThat(runJson.get("classes").get("cat").get("after").asInt()).isEqualTo(catAfter);

        Path again = tmp.resolve("again");
        assertThat(CliRun.of("dataset", "balance", src.toString(), "--t", "10", "--out", again.toString(), "--seed", "3")
                .exitCode()).isZero();
        assertThat(Manifest.read(again.resolve(Manifest.FILE_NAME))).hasSize(catAfter + 16); // same seed, same set
        CliRun refused = CliRun.of("dataset", "balance", src.toString(), "--t", "10", "--out", out.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("is not empty");
    }

    @Test
    void benchCuratePrintsThroughputAndTableSize() throws IOException {
        Path meta = Files.writeString(tmp.resolve("m.json"), "[\"cat\", \"new york\", \"dog\"]");
        Path texts = Files.writeString(tmp.resolve("t.jsonl"), "{\"text\": \"a cat in new york\"}\n{\"text\": \"dog\"}\n");
        CliRun run = CliRun.of("bench-curate", "--metadata", meta.toString(), "--texts", texts.toString(),
                "--seconds", "0.2", "--entries", "2000", "--threads", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json()).extracting(m -> m.get("bench"))
                .containsExactly("match", "match", "reference-loop-java", "table", "match-synthetic");
        assertThat(run.json().get(3)).containsEntry("entries", 2000);
        assertThat(((Number) run.json().get(0).get("texts_per_s")).doubleValue()).isPositive();
    }

    private static void image(Path root, String dir, int n) throws IOException {
        Path d = Files.createDirectories(root.resolve(dir));
        for (int i = 0; i < n; i++) {
            Files.write(d.resolve(dir.replace('/', '-') + "-" + i + ".png"), new byte[] {(byte) i, 1, 2, 3});
        }
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
