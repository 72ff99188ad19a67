package dev.autodistill4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape of {@code bench}'s JSON on a tiny random model (speed itself is never asserted). */
class BenchCommandTest {

    @Test
    void printsSetupThenOneLinePerMeasurementAndBatch() throws Exception {
        List<JsonNode> lines = run("bench", "--architecture", "tiny", "--batches", "1,2", "--images", "2");
        assertThat(lines.get(0).get("bench").asText()).isEqualTo("setup");
        assertThat(lines.get(0).get("model").asText()).isEqualTo("random:tiny");
        assertThat(lines.get(0).get("image_size").asInt()).isEqualTo(64);
        assertThat(lines.stream().filter(n -> "stages".equals(n.path("bench").asText())))
                .as("the per-stage row (#24)").singleElement().satisfies(n -> assertThat(n.get("dominant")).isNotNull());
        lines.removeIf(n -> "stages".equals(n.path("bench").asText()));
        List<String> measured = lines.subList(1, lines.size()).stream()
                .map(n -> n.get("measure").asText() + "@" + n.get("batch").asInt()).toList();
        assertThat(measured).containsExactly("image_model@1", "image_model@2", "image_end_to_end@1",
                "image_end_to_end@2", "text@1", "text@2");
        for (JsonNode n : lines.subList(1, lines.size())) {
            assertThat(n.get("per_second").asDouble()).isPositive();
            assertThat(n.has("cpu_seconds")).isTrue();
            assertThat(n.has("per_cpu_second")).isTrue();
            assertThat(n.get("items").asInt()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void studentsRunPutsEveryStudentShapeBesideTheTeacherWithRatesParametersAndSizes() throws Exception {
        List<JsonNode> rows = run("bench", "--students", "--onnx", "--architecture", "tiny", "--batches", "2",
                "--images", "2", "--threads", "1", "--workers", "1");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("bench").asText()).isEqualTo("student"));
        JsonNode teacher = rows.get(0);
        assertThat(teacher.get("role").asText()).isEqualTo("teacher");
        assertThat(teacher.get("model").asText()).isEqualTo("random:tiny");
        assertThat(teacher.get("engine").asText() + " " + teacher.get("precision").asText())
                .isEqualTo("DJL PyTorch fp32");
        assertThat(teacher.get("speedup_vs_teacher").asDouble()).as("the teacher is its own reference")
                .isEqualTo(1.0);
        for (String arch : List.of("cnn", "vit-shrunk")) {
            JsonNode djl = rows.stream().filter(r -> r.get("arch").asText().equals(arch)
                    && r.get("engine").asText().equals("DJL PyTorch")).findFirst().orElseThrow();
            assertThat(djl.get("role").asText()).isEqualTo("student");
            assertThat(djl.get("weights").asText()).contains("not trained for accuracy");
            assertThat(djl.get("parameters").asLong()).isLessThan(teacher.get("parameters_total").asLong());
        }
        JsonNode shrunk = rows.stream().filter(r -> r.get("arch").asText().equals("vit-shrunk")).findFirst()
                .orElseThrow();
        assertThat(shrunk.get("parameters").asLong()).as("half the teacher's layers")
                .isLessThan(teacher.get("parameters").asLong());
        assertThat(rows).filteredOn(r -> r.get("arch").asText().equals("cnn")
                        && r.get("engine").asText().equals("ONNX Runtime")
                        && r.get("precision").asText().equals("fp32"))
                .singleElement().satisfies(r -> assertThat(r.get("supported").asBoolean()).isTrue());
        assertThat(rows).hasSize(9); // teacher and two students, each on DJL, ONNX fp32 and ONNX int8
        for (JsonNode r : rows) {
            if (r.get("supported").asBoolean()) {
                assertThat(r.get("images_per_second").asDouble()).as(r.toString()).isPositive();
                assertThat(r.get("speedup_vs_teacher").asDouble()).as(r.toString()).isPositive();
                assertThat(r.get("parameters").asLong()).as(r.toString()).isPositive();
                assertThat(r.get("size_on_disk_bytes").asLong()).as(r.toString()).isPositive();
                assertThat(r.get("cpu").asText()).isNotBlank();
            } else {
                assertThat(r.get("reason").asText()).as("an export a shape lacks says why").isNotBlank();
            }
        }
    }

    @Test
    void unknownArchitectureIsAUserError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("bench", "--architecture", "vit-z")).isEqualTo(2);
        assertThat(err.toString()).contains("error: unknown architecture 'vit-z'");
    }

    /** Runs the command, checks it succeeded, and returns its stdout as one JSON node per line. */
    private static List<JsonNode> run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertThat(code).as(err.toString()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            lines.add(json.readTree(line));
        }
        return lines;
    }
}
