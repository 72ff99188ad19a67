package dev.autodistill4j.cli.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --engine} through the real command line on the shapes fixture: {@code label --engine onnx-int8} labels
 * as {@code --model onnx:} of a manual {@code export --int8} does, records the engine and the self-check in
 * run.json, exports once into the model cache and reuses it; {@code models} lists the cached export; wrong uses
 * exit 2 with one error line.
 */
class EngineOptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ONTOLOGY = Path.of("..", "examples", "src", "main", "resources",
            "shapes-ontology.yaml").toString();

    @TempDir
    Path tmp;

    @BeforeEach
    void cacheInTmp() {
        System.setProperty("autodistill4j.cache", tmp.resolve("cache").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("autodistill4j.cache");
    }

    @Test
    void labelWithTheInt8EngineGivesTheClassesOfAManualInt8Export() throws Exception {
        Path checkpoint = Fixtures.resolve("shapes/shapes-clip");
        Path input = Fixtures.resolve("shapes/images/test");
        Path manual = tmp.resolve("manual-int8");
        CliRun export = CliRun.of("export", "--model", "metaclip:" + checkpoint, "--int8", "--out", manual.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        CliRun byFolder = CliRun.of("label", "--model", "onnx:" + manual, "--ontology", ONTOLOGY, "--input",
                input.toString(), "--output", tmp.resolve("by-folder").toString());
        assertThat(byFolder.exitCode()).as(byFolder.err()).isZero();

        CliRun byEngine = CliRun.of("label", "--model", "metaclip:" + checkpoint, "--engine", "onnx-int8",
                "--ontology", ONTOLOGY, "--input", input.toString(), "--output", tmp.resolve("by-engine").toString());
        assertThat(byEngine.exitCode()).as(byEngine.err()).isZero();
        assertThat(byEngine.err()).contains("int8 self-check on 64 images vs fp32").contains("passed");

        Map<String, String> expected = classes(tmp.resolve("by-folder"));
        assertThat(expected).hasSize(128);
        assertThat(classes(tmp.resolve("by-engine"))).isEqualTo(expected);

        JsonNode run = JSON.readTree(tmp.resolve("by-engine/run.json").toFile());
        assertThat(run.path("model").asText()).isEqualTo("metaclip:" + checkpoint);
        assertThat(run.path("modelOptions").path("engine").asText()).isEqualTo("onnx-int8");
        JsonNode details = run.path("modelInfo").path("details");
        assertThat(details.path("engine_id").asText()).isEqualTo("onnx-int8");
        assertThat(details.path("precision").asText()).isEqualTo("int8");
        assertThat(details.path("engine_check").path("passed").asBoolean()).isTrue();
        assertThat(details.path("engine_check").path("images").asInt()).isEqualTo(64);
        assertThat(run.path("checkpointSha256").asText()).as("the checkpoint's hash, not the export's")
                .isEqualTo(JSON.readTree(manual.resolve("clip-onnx.json").toFile()).path("source").path("sha256")
                        .asText());

        Path entry = Path.of(details.path("export").asText());
        FileTime made = Files.getLastModifiedTime(entry.resolve("image_encoder.onnx"));
        CliRun again = CliRun.of("label", "--model", "metaclip:" + checkpoint, "--engine", "onnx-int8",
                "--engine-check", "off", "--ontology", ONTOLOGY, "--input", input.toString(), "--output",
                tmp.resolve("again").toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).doesNotContain("self-check").doesNotContain("exporting to ONNX");
        assertThat(Files.getLastModifiedTime(entry.resolve("image_encoder.onnx"))).isEqualTo(made);
        assertThat(classes(tmp.resolve("again"))).isEqualTo(expected);

        CliRun models = CliRun.of("models");
        assertThat(models.json()).anySatisfy(m -> {
            assertThat(m).containsEntry("name", "metaclip");
            @SuppressWarnings("unchecked")
            Map<String, Object> engines = (Map<String, Object>) m.get("engines");
            assertThat(engines).containsKeys("pytorch", "onnx", "onnx-int8");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> cached = (List<Map<String, Object>>) m.get("cachedExports");
            assertThat(cached).anySatisfy(e -> assertThat(e).containsEntry("folder", entry.toString())
                    .containsEntry("precision", "int8"));
        });
    }

    @Test
    void wrongEngineUsesExitTwoWithOneErrorLine() throws Exception {
        Path input = Fixtures.resolve("shapes/images/test");
        CliRun unknown = CliRun.of("embed", "--model", "metaclip", "--engine", "tpu", "--images", input.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'tpu' is not an engine: choose one of pytorch, onnx, onnx-int8");
        CliRun notMetaclip = CliRun.of("label", "--model", "onnx:" + tmp, "--engine", "onnx", "--ontology", ONTOLOGY,
                "--input", input.toString(), "--output", tmp.resolve("out").toString());
        assertThat(notMetaclip.exitCode()).isEqualTo(2);
        assertThat(notMetaclip.errorLine()).contains("--engine onnx applies to --model metaclip");
        CliRun check = CliRun.of("label", "--engine-check", "maybe", "--ontology", ONTOLOGY, "--input",
                input.toString(), "--output", tmp.resolve("out").toString());
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.err()).contains("'maybe' must be on or off");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    /** source → class of a labelled dataset's manifest. */
    private static Map<String, String> classes(Path dataset) throws Exception {
        Map<String, String> m = new HashMap<>();
        try (Stream<String> lines = Files.lines(dataset.resolve("manifest.jsonl"))) {
            for (String line : lines.toList()) {
                JsonNode n = JSON.readTree(line);
                m.put(n.path("source").asText(), n.path("class").asText(null));
            }
        }
        return m;
    }
}
