package dev.autodistill4j.curation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link CurationJob} end to end on the golden fixture (both variants) and on hostile inputs. */
class CurationJobTest {
    @TempDir
    Path tmp;

    @Test
    void perTextRunReproducesTheReferenceFiles() throws IOException {
        Path fx = CurationFixtures.dir();
        JsonNode balance = CurationFixtures.json(fx.resolve("balance.json"));
        Path draws = write("draws.json", balance.get("draws").toString());
        Path out = tmp.resolve("out");
        CurationResult r = new CurationJob(settings(fx, out, draws, Balancing.Variant.PER_TEXT, 3), null).run();

        assertThat(Files.readAllLines(out.resolve("matches.jsonl")))
                .containsExactlyElementsOf(Files.readAllLines(fx.resolve("matches.jsonl")));
        assertThat(CountsFile.read(out.resolve("counts.json")).toArray())
                .isEqualTo(CountsFile.read(fx.resolve("counts.json")).toArray());
        List<JsonNode> kept = keptRows(out);
        assertThat(kept.stream().map(k -> k.get("id").longValue()).toList())
                .containsExactlyElementsOf(CurationGoldenTest.ids(balance.get("kept_ids")));
        for (JsonNode k : kept) {
            int id = k.get("id").intValue();
            assertThat(k.get("keep_probability").doubleValue()).isCloseTo(balance.get("text_prob").get(id).doubleValue(),
                    within(1e-12));
            assertThat(k.get("text").isTextual()).isTrue();
        }
        assertThat(r.kept()).isEqualTo(12_852);
        assertThat(r.texts()).isEqualTo(20_000);
        assertThat(r.textsWithMatches()).isEqualTo(20_000 - 1_926);
        assertThat(r.matches()).isEqualTo(107_610);
        assertThat(r.entriesMatched()).isEqualTo(16_508);
        JsonNode run = CurationFixtures.json(out.resolve("run.json"));
        assertThat(run.get("command").asText()).isEqualTo("curate");
        assertThat(run.get("metadata").get("sha256").asText())
                .isEqualTo(dev.autodistill4j.datasets.Sha256.of(fx.resolve("metadata.json")));
        assertThat(run.get("t").longValue()).isEqualTo(20);
        assertThat(run.get("draws").get("used").longValue()).isEqualTo(20_000);
    }

    @Test
    void sequentialRunKeepsTheReferenceIdsAndRerunReplacesOnlyItsOwnFiles() throws IOException {
        Path fx = CurationFixtures.dir();
        JsonNode seq = CurationFixtures.json(fx.resolve("balance.json")).get("sequential");
        Path draws = write("stream.json", seq.get("draw_stream").toString());
        Path out = tmp.resolve("seq");
        new CurationJob(settings(fx, out, null, Balancing.Variant.SEQUENTIAL, 1), null).run();
        CurationResult r = new CurationJob(settings(fx, out, draws, Balancing.Variant.SEQUENTIAL, 2), null).run();
        assertThat(keptRows(out).stream().map(k -> k.get("id").longValue()).toList())
                .containsExactlyElementsOf(CurationGoldenTest.ids(seq.get("kept_ids")));
        assertThat(r.drawsUsed()).isEqualTo(34_628);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    dev.autodistill4j.datasets.OutputLock.FILE_NAME, "counts.json", "kept.jsonl", "matches.jsonl",
                    "run.json"); // the run's lock file stays (issue 19 item 7), hidden
        }
    }

    @Test
    void seededRunsAreReproducibleAndIndependentOfThreads() throws IOException {
        Path meta = write("m.json", "[\"cat\", \"dog\", \"new york\", \"U.S.\"]");
        StringBuilder texts = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            texts.append("{\"id\": \"r").append(i).append("\", \"text\": \"")
                    .append(i % 3 == 0 ? "a cat" : i % 3 == 1 ? "dog in new york" : "U.S. only").append("\"}\n");
        }
        Path in = write("t.jsonl", texts.toString());
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        new CurationJob(new CurationSettings(meta, in, 100, a, 7, null, Balancing.Variant.PER_TEXT, 1), null).run();
        new CurationJob(new CurationSettings(meta, in, 100, b, 7, null, Balancing.Variant.PER_TEXT, 4), null).run();
        assertThat(Files.readString(b.resolve("kept.jsonl"))).isEqualTo(Files.readString(a.resolve("kept.jsonl")));
        assertThat(CountsFile.read(a.resolve("counts.json")).toArray()).containsExactly(1000, 1000, 1000, 0);
        long kept = Files.readAllLines(a.resolve("kept.jsonl")).size();
        // p = 100/1000 per entry: 1000 "cat" texts keep 0.1 each, 1000 "dog in new york" keep 1 - 0.9² = 0.19
        assertThat(kept).isBetween(240L, 340L);
        assertThat(Files.readAllLines(a.resolve("matches.jsonl")).get(0)).isEqualTo("{\"id\":\"r0\",\"matches\":[0]}");
    }

    @Test
    void shardsBalancedWithTheirSummedCountsKeepWhatTheWholeKeeps() throws IOException {
        Path fx = CurationFixtures.dir();
        JsonNode balance = CurationFixtures.json(fx.resolve("balance.json"));
        List<String> lines = CurationFixtures.lines(fx.resolve("texts.jsonl"));
        Path shardA = write("a.jsonl", String.join("\n", lines.subList(0, 8_000)) + "\n");
        Path shardB = write("b.jsonl", String.join("\n", lines.subList(8_000, 20_000)) + "\n");
        List<Double> draws = new ArrayList<>();
        balance.get("draws").forEach(d -> draws.add(d.doubleValue()));
        Path drawsA = write("da.json", draws.subList(0, 8_000).toString());
        Path drawsB = write("db.json", draws.subList(8_000, 20_000).toString());
        Path meta = fx.resolve("metadata.json");
        for (String s : List.of("a", "b")) { // pass 1 per shard: local counts
            new CurationJob(new CurationSettings(meta, s.equals("a") ? shardA : shardB, 20, tmp.resolve("1" + s), 0,
                    null, Balancing.Variant.PER_TEXT, 2), null).run();
        }
        List<Path> counts = List.of(tmp.resolve("1a/counts.json"), tmp.resolve("1b/counts.json"));
        List<Long> kept = new ArrayList<>();
        for (String s : List.of("a", "b")) { // pass 2 per shard: global counts
            new CurationJob(new CurationSettings(meta, s.equals("a") ? shardA : shardB, 20, tmp.resolve("2" + s), 0,
                    s.equals("a") ? drawsA : drawsB, Balancing.Variant.PER_TEXT, 2, counts), null).run();
            keptRows(tmp.resolve("2" + s)).forEach(k -> kept.add(k.get("id").longValue()));
        }
        assertThat(kept).containsExactlyElementsOf(CurationGoldenTest.ids(balance.get("kept_ids")));
        Path wrong = write("wrong.json", "{\"counts\": [1, 2]}");
        assertThatThrownBy(() -> new CurationJob(new CurationSettings(meta, shardA, 20, tmp.resolve("w"), 0, null,
                Balancing.Variant.PER_TEXT, 1, List.of(wrong)), null).run())
                .hasMessageContaining(wrong + " counts 2 entries but the metadata has 141593");
    }

    @Test
    void aBadLineIsAnErrorNamingFileAndLineAndNothingIsWritten() throws IOException {
        Path meta = write("m.json", "[\"cat\"]");
        Path in = write("t.jsonl", "{\"id\": 0, \"text\": \"cat\"}\n\n{\"id\": 1, \"text\": \"cat\"\n");
        Path out = tmp.resolve("o");
        assertThatThrownBy(() -> run(meta, in, out)).isInstanceOf(CurationException.class)
                .hasMessageContaining(in + " line 3 is not valid JSON");
        try (var files = Files.list(out)) { // nothing but the (hidden) lock file of the run
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsOnly(dev.autodistill4j.datasets.OutputLock.FILE_NAME);
        }
        Path noText = write("n.jsonl", "{\"id\": 0, \"caption\": \"cat\"}\n");
        assertThatThrownBy(() -> run(meta, noText, out)).hasMessageContaining(noText + " line 1 has no \"text\"");
        Path extra = write("x.jsonl", "{\"id\": 0, \"text\": \"cat\"} {\"id\": 1}\n");
        assertThatThrownBy(() -> run(meta, extra, out)).hasMessageContaining(extra + " line 1 is not valid JSON");
        Path array = write("a.jsonl", "[1, 2]\n");
        assertThatThrownBy(() -> run(meta, array, out)).hasMessageContaining("line 1 is not a JSON object");
        Path badUtf8 = tmp.resolve("u.jsonl");
        Files.write(badUtf8, new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'});
        assertThatThrownBy(() -> run(meta, badUtf8, out)).hasMessageContaining(badUtf8 + " line 1 is not valid JSON");
    }

    @Test
    void badMetadataAndDrawsAreErrorsNamingTheFile() throws IOException {
        Path in = write("t.jsonl", "{\"id\": 0, \"text\": \"cat\"}\n{\"id\": 1, \"text\": \"cat\"}\n");
        Path out = tmp.resolve("o");
        Path notList = write("m1.json", "{\"cat\": 1}");
        assertThatThrownBy(() -> run(notList, in, out)).hasMessageContaining(notList + " is not a JSON list");
        Path number = write("m2.json", "[\"cat\", 3]");
        assertThatThrownBy(() -> run(number, in, out)).hasMessageContaining(number + " element 1 is 3, not a string");
        Path truncated = write("m3.json", "[\"cat\", \"do");
        assertThatThrownBy(() -> run(truncated, in, out)).hasMessageContaining(truncated + " is not valid JSON");
        Path meta = write("m.json", "[\"cat\"]");
        Path shortDraws = write("d.json", "[0.5]");
        assertThatThrownBy(() -> new CurationJob(new CurationSettings(meta, in, 1, out, 0, shortDraws,
                Balancing.Variant.PER_TEXT, 1), null).run()).hasMessageContaining(shortDraws + " has only 1 draws");
        Path outOfRange = write("d2.json", "[0.5, 1.0]");
        assertThatThrownBy(() -> new CurationJob(new CurationSettings(meta, in, 1, out, 0, outOfRange,
                Balancing.Variant.PER_TEXT, 1), null).run()).hasMessageContaining("element 1 is 1.0, outside [0, 1)");
        assertThatThrownBy(() -> new CurationSettings(meta, in, 0, out, 0, null, Balancing.Variant.PER_TEXT, 1))
                .hasMessageContaining("`t` must be at least 1");
    }

    @Test
    void aForeignOutputFolderIsRefusedAndLeftAlone() throws IOException {
        Path meta = write("m.json", "[\"cat\"]");
        Path in = write("t.jsonl", "{\"id\": 0, \"text\": \"cat\"}\n");
        Path out = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> run(meta, in, out)).hasMessageContaining("holds notes.txt");
        Path look = Files.createDirectories(tmp.resolve("lookalike"));
        Files.writeString(look.resolve("kept.jsonl"), "precious");
        assertThatThrownBy(() -> run(meta, in, look)).hasMessageContaining("no run.json of a finished curate run");
        assertThat(Files.readString(look.resolve("kept.jsonl"))).isEqualTo("precious");
        assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("mine");
    }

    private CurationResult run(Path meta, Path in, Path out) {
        return new CurationJob(new CurationSettings(meta, in, 1, out, 0, null, Balancing.Variant.PER_TEXT, 2), null)
                .run();
    }

    private static CurationSettings settings(Path fx, Path out, Path draws, Balancing.Variant v, int threads) {
        return new CurationSettings(fx.resolve("metadata.json"), fx.resolve("texts.jsonl"), 20, out, 1, draws, v,
                threads);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static List<JsonNode> keptRows(Path out) {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : CurationFixtures.lines(out.resolve("kept.jsonl"))) {
            rows.add(CurationFixtures.tree(line));
        }
        return rows;
    }
}
