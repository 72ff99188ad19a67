package dev.autodistill4j.bench.clip;

import dev.autodistill4j.api.Autodistill4jException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ClipBench}'s rows on a tiny random model (the CLI's JSON is these rows), and its refusals. */
class ClipBenchTest {
    private static ClipBench.Config tiny(List<Integer> batches, boolean onnx, boolean onnxSpin) {
        return new ClipBench.Config("tiny", List.of(), onnx, onnxSpin, false, null, batches, 2, 1, 1, 1);
    }

    @Test
    void aSetupRowThenOneRowPerMeasurementAndBatch() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new ClipBench(new PrintStream(log, true, StandardCharsets.UTF_8)).run(tiny(List.of(1, 2), false, false),
                rows::add);
        assertThat(rows.get(0)).containsEntry("bench", "setup").containsEntry("model", "random:tiny")
                .containsEntry("image_size", 64).containsEntry("family", "clip");
        assertThat(rows.subList(1, rows.size())).filteredOn(r -> r.containsKey("measure"))
                .extracting(r -> r.get("measure") + "@" + r.get("batch"))
                .containsExactly("image_model@1", "image_model@2", "image_end_to_end@1", "image_end_to_end@2",
                        "text@1", "text@2");
        assertThat(rows.get(1).keySet()).containsExactly("model", "measure", "batch", "items", "seconds",
                "per_second", "cpu_seconds", "per_cpu_second");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("bench: building a random tiny model");
        assertThat(rows).filteredOn(r -> "stages".equals(r.get("bench"))).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("model", "random:tiny").containsEntry("batch", 2);
            @SuppressWarnings("unchecked")
            Map<String, Double> ms = (Map<String, Double>) r.get("ms_per_image");
            assertThat(ms).containsOnlyKeys(StageBreakdown.STAGES);
            assertThat(ms.values()).allSatisfy(v -> assertThat(v).isNotNegative());
            assertThat(ms.get("network")).isPositive();
            assertThat(StageBreakdown.STAGES).contains((String) r.get("dominant"));
        });
    }

    @Test
    void badSettingsAreUserErrorsBeforeAnythingIsBuilt() {
        ClipBench bench = new ClipBench(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThatThrownBy(() -> bench.run(tiny(List.of(), false, false), r -> { }))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("`batches`");
        assertThatThrownBy(() -> bench.run(tiny(List.of(1), false, true), r -> { }))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("`onnx-spin` needs `onnx`");
    }

    @Test
    void studentsRefuseSpinAndSeveralTeachersBeforeAnythingIsBuilt() {
        ClipBench bench = new ClipBench(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThatThrownBy(() -> bench.run(new ClipBench.Config("tiny", List.of(), true, true, true, null,
                List.of(1), 2, 1, 1, 1), r -> { }))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("`onnx-spin`");
        assertThatThrownBy(() -> bench.run(new ClipBench.Config("tiny", List.of("metaclip:a", "metaclip:b"), false,
                false, true, null, List.of(1), 2, 1, 1, 1), r -> { }))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("at most one `model`");
        assertThatThrownBy(() -> bench.run(new ClipBench.Config("tiny", List.of("onnx:x"), false, false, true, null,
                List.of(1), 2, 1, 1, 1), r -> { }))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("metaclip teacher");
    }
}
