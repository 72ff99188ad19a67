package dev.autodistill4j.cli.metaclip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.cli.Main;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.metaclip.checkpoint.SafetensorsReader;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * MetaCLIP 2 through the command line: multilingual prompts (German, Chinese, Arabic) in {@code embed} and in a
 * {@code label} run over the fixture's images, {@code bench --model}, {@code models}, and one {@code error:}
 * line for checkpoints that are not supported.
 */
class Metaclip2CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode golden;
    private static float[] textEmbeds;
    private static float[] logits;
    private static int dim;
    private static int textCount;

    @BeforeAll
    static void readGolden() throws Exception {
        Path dir = Fixtures.resolve("metaclip2");
        golden = JSON.readTree(dir.resolve("golden.json").toFile());
        try (StateDict g = SafetensorsReader.open(dir.resolve("golden.safetensors"))) {
            textEmbeds = g.floats("text_embeds");
            logits = g.floats("logits_per_image");
            dim = (int) g.info("text_embeds").shape()[1];
            textCount = (int) g.info("logits_per_image").shape()[1];
        }
    }

    private record Run(int code, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\\R")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String model() {
        return "metaclip:" + Fixtures.resolve("metaclip2");
    }

    private static int textIndex(String text) {
        for (int i = 0; i < golden.get("texts").size(); i++) {
            if (golden.get("texts").get(i).asText().equals(text)) {
                return i;
            }
        }
        throw new AssertionError(text);
    }

    @Test
    void embedTakesPromptsInAnyScript() throws Exception {
        List<String> texts = List.of("ein Foto von einer Katze", "一张猫的照片", "صورة قطة", "猫の写真です",
                "🐱🐶 cat and dog 🎉");
        List<String> args = new ArrayList<>(List.of("embed", "--model", model(), "--text"));
        args.addAll(texts);
        Run r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(texts.size());
        for (JsonNode line : lines) {
            int row = textIndex(line.get("id").asText());
            for (int k = 0; k < dim; k++) {
                assertThat(line.get("embedding").get(k).floatValue()).as("%s[%d]", line.get("id").asText(), k)
                        .isCloseTo(textEmbeds[row * dim + k], within(1e-4f));
            }
        }
    }

    @Test
    void labelsTheFixtureImagesWithAGermanChineseArabicOntology(@TempDir Path tmp) throws Exception {
        Map<String, String> ontology = new LinkedHashMap<>();
        ontology.put("ein Foto von einer Katze", "Katze");
        ontology.put("一张猫的照片", "猫");
        ontology.put("城市夜晚的红色汽车", "红色汽车");
        ontology.put("صورة قطة", "قطة");
        ontology.put("Kinder spielen auf der Straße über dem Fluss", "Straße");
        StringBuilder yaml = new StringBuilder();
        ontology.forEach((prompt, cls) -> yaml.append('"').append(prompt).append("\": ").append(cls).append('\n'));
        Path onto = Files.writeString(tmp.resolve("ontology.yaml"), yaml, StandardCharsets.UTF_8);
        Path images = Fixtures.resolve("metaclip2/images");
        Path out = tmp.resolve("labelled");
        Run r = run("label", "--model", model(), "--ontology", onto.toString(), "--input", images.toString(),
                "--output", out.toString(), "--confidence", "0");
        assertThat(r.code()).as(r.err()).isZero();
        List<ManifestRecord> records = Manifest.read(out.resolve(Manifest.FILE_NAME));
        assertThat(records).hasSize(golden.get("images").size());
        List<String> names = new ArrayList<>();
        golden.get("images").forEach(n -> names.add(n.asText()));
        for (ManifestRecord rec : records) {
            String name = Path.of(rec.source()).getFileName().toString();
            int image = names.indexOf(name);
            assertThat(rec.error()).as(name).isNull();
            assertThat(rec.scores().keySet()).containsExactlyInAnyOrderElementsOf(ontology.values());
            // the reference's softmax over the five prompts, from its logits (end to end: decoded files)
            Map<String, Double> expected = softmax(image, ontology);
            String best = expected.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            expected.forEach((cls, p) -> assertThat(rec.scores().get(cls)).as("%s %s", name, cls)
                    .isCloseTo(p, within(0.02)));
            assertThat(rec.className()).as(name).isEqualTo(best);
            assertThat(Files.isRegularFile(out.resolve(rec.file()))).as(rec.file()).isTrue();
        }
    }

    private static Map<String, Double> softmax(int image, Map<String, String> ontology) {
        Map<String, Double> out = new LinkedHashMap<>();
        double max = Double.NEGATIVE_INFINITY;
        for (String prompt : ontology.keySet()) {
            max = Math.max(max, logits[image * textCount + textIndex(prompt)]);
        }
        double z = 0;
        for (String prompt : ontology.keySet()) {
            z += Math.exp(logits[image * textCount + textIndex(prompt)] - max);
        }
        for (Map.Entry<String, String> e : ontology.entrySet()) {
            out.put(e.getValue(), Math.exp(logits[image * textCount + textIndex(e.getKey())] - max) / z);
        }
        return out;
    }

    @Test
    void benchMeasuresAMetaclip2Checkpoint() throws Exception {
        Run r = run("bench", "--model", model(), "--batches", "1,2", "--images", "2");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = new java.util.ArrayList<>(r.lines());
        lines.removeIf(n -> "stages".equals(n.path("bench").asText())); // the per-stage row (#24), not a rate
        assertThat(lines.get(0).get("family").asText()).isEqualTo("metaclip_2");
        assertThat(lines.get(0).get("image_size").asInt()).isEqualTo(32);
        assertThat(lines.subList(1, lines.size()).stream().map(n -> n.get("measure").asText()).toList())
                .contains("image_model", "image_end_to_end", "text");
        assertThat(lines.subList(1, lines.size())).allSatisfy(n ->
                assertThat(n.get("per_second").asDouble()).isPositive());
    }

    @Test
    void modelsListsTheWorldwideReferencesAndTheirLicence() throws Exception {
        Run r = run("models");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("mc2-b32").contains("mc2-h14").contains("metaclip-2-worldwide-")
                .contains("MetaCLIP 2").contains("CC-BY-NC 4.0");
    }

    @Test
    void unsupportedCheckpointsGiveOneErrorLine(@TempDir Path tmp) throws Exception {
        Path src = Fixtures.resolve("metaclip2");
        Path siglip = Files.createDirectories(tmp.resolve("siglip"));
        for (String f : List.of("model.safetensors", "tokenizer.json", "preprocessor_config.json")) {
            Files.createSymbolicLink(siglip.resolve(f), src.resolve(f));
        }
        ObjectNode config = (ObjectNode) JSON.readTree(src.resolve("config.json").toFile());
        config.put("model_type", "siglip");
        JSON.writeValue(siglip.resolve("config.json").toFile(), config);
        // the issue's case: MetaCLIP 2 weights read as CLIP (CLIP BPE ids beyond the 1002-row embedding)
        Path clipTyped = Files.createDirectories(tmp.resolve("clip-typed"));
        for (String f : List.of("model.safetensors", "preprocessor_config.json")) {
            Files.createSymbolicLink(clipTyped.resolve(f), src.resolve(f));
        }
        config.put("model_type", "clip");
        JSON.writeValue(clipTyped.resolve("config.json").toFile(), config);
        Path garbage = Files.createDirectories(tmp.resolve("garbage"));
        Files.writeString(garbage.resolve("model.safetensors"), "not a checkpoint at all, just text");
        for (String ref : List.of("metaclip:" + siglip, "metaclip:hf:facebook/metaclip-2-mt5-worldwide-b32",
                "metaclip:" + garbage, "metaclip:" + clipTyped)) {
            Run r = run("embed", "--model", ref, "--text", "ein Foto");
            assertThat(r.code()).as(ref + ": " + r.err()).isEqualTo(2);
            List<String> errLines = r.err().lines().filter(l -> !l.isBlank()).toList();
            assertThat(errLines).as(ref).hasSize(1);
            assertThat(errLines.get(0)).as(ref).startsWith("error: ").doesNotContain("Exception:");
            assertThat(r.out()).isEmpty();
        }
    }
}
