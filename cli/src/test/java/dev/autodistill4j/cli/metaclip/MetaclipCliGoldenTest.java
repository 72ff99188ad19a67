package dev.autodistill4j.cli.metaclip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.cli.Main;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code embed} and {@code predict} with {@code --model metaclip:<fixture dir>} print the reference numbers:
 * the same golden embeddings and probabilities as the library tests, through the real command line.
 */
class MetaclipCliGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode golden;
    private static float[] imageEmbeds;
    private static float[] textEmbeds;
    private static float[] logits;
    private static int dim;
    private static int textCount;

    @BeforeAll
    static void readGolden() throws Exception {
        Path clip = Fixtures.resolve("clip");
        golden = JSON.readTree(clip.resolve("golden.json").toFile());
        try (StateDict g = SafetensorsReader.open(clip.resolve("golden.safetensors"))) {
            imageEmbeds = g.floats("image_embeds");
            textEmbeds = g.floats("text_embeds");
            logits = g.floats("logits_per_image");
            dim = (int) g.info("image_embeds").shape()[1];
            textCount = (int) g.info("logits_per_image").shape()[1];
        }
    }

    private static List<JsonNode> run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute(args)).as("exit code; stderr: %s", err).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static String model() {
        return "metaclip:" + Fixtures.resolve("clip/tiny-clip");
    }

    private static List<String> pngImages() {
        List<String> names = new ArrayList<>();
        golden.get("images").forEach(n -> {
            if (n.asText().endsWith(".png")) {
                names.add(n.asText());
            }
        });
        return names;
    }

    private static int imageIndex(String name) {
        for (int i = 0; i < golden.get("images").size(); i++) {
            if (golden.get("images").get(i).asText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void embedPrintsTheReferenceImageAndTextEmbeddings() throws Exception {
        List<String> args = new ArrayList<>(List.of("embed", "--model", model(), "--images"));
        for (String name : pngImages()) {
            args.add(Fixtures.resolve("clip/images/" + name).toString());
        }
        List<JsonNode> lines = run(args.toArray(String[]::new));
        assertThat(lines).hasSize(pngImages().size());
        for (JsonNode line : lines) {
            String name = Path.of(line.get("id").asText()).getFileName().toString();
            int row = imageIndex(name);
            JsonNode e = line.get("embedding");
            assertThat(e.size()).isEqualTo(dim);
            for (int k = 0; k < dim; k++) {
                assertThat(Math.abs(e.get(k).floatValue() - imageEmbeds[row * dim + k])).as("%s[%d]", name, k)
                        .isLessThanOrEqualTo(1e-4f);
            }
        }
        List<JsonNode> texts = run("embed", "--model", model(), "--text", "a photo of a cat", "the empire state building");
        int[] rows = {4, 1};
        for (int t = 0; t < 2; t++) {
            assertThat(golden.get("texts").get(rows[t]).get("text").asText()).isEqualTo(texts.get(t).get("id").asText());
            for (int k = 0; k < dim; k++) {
                assertThat(Math.abs(texts.get(t).get("embedding").get(k).floatValue() - textEmbeds[rows[t] * dim + k]))
                        .isLessThanOrEqualTo(1e-4f);
            }
        }
    }

    @Test
    void predictPrintsTheReferenceProbabilities(@TempDir Path tmp) throws Exception {
        int[] promptRows = {0, 1, 2, 4};
        StringBuilder yaml = new StringBuilder();
        for (int r : promptRows) {
            yaml.append('"').append(golden.get("texts").get(r).get("text").asText()).append("\": c").append(r).append('\n');
        }
        Path ontology = tmp.resolve("ontology.yaml");
        Files.writeString(ontology, yaml, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("predict", "--model", model(), "--ontology", ontology.toString(),
                "--confidence", "0"));
        for (String name : pngImages()) {
            args.add(Fixtures.resolve("clip/images/" + name).toString());
        }
        List<JsonNode> lines = run(args.toArray(String[]::new));
        assertThat(lines).hasSize(pngImages().size());
        for (JsonNode line : lines) {
            String name = Path.of(line.get("image").asText()).getFileName().toString();
            int row = imageIndex(name);
            // the reference's softmax over the same four prompts, from its logits
            double max = Double.NEGATIVE_INFINITY;
            for (int r : promptRows) {
                max = Math.max(max, logits[row * textCount + r]);
            }
            double z = 0;
            for (int r : promptRows) {
                z += Math.exp(logits[row * textCount + r] - max);
            }
            for (int r : promptRows) {
                double expected = Math.exp(logits[row * textCount + r] - max) / z;
                assertThat(line.get("scores").get("c" + r).asDouble()).as("%s class c%d", name, r)
                        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-3));
            }
        }
    }
}
