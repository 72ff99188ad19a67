package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a user reads from {@code predict}: lines in input order, progress on stderr, no "class null, 0.99". */
class PredictOutputTest {
    @TempDir
    Path tmp;

    @Test
    void linesFollowTheInputOrderWithErrorsInPlaceAndProgressOnStderr() throws Exception {
        Path images = tmp.resolve("images");
        FrameworkCommandsTest.solid(images.resolve("a.png"), 0xFF0000);
        Files.write(images.resolve("b.png"), new byte[] {1, 2, 3});
        FrameworkCommandsTest.solid(images.resolve("c.png"), 0x0000FF);
        Files.write(images.resolve("d.png"), new byte[0]);
        FrameworkCommandsTest.solid(images.resolve("e.png"), 0xFF0000);
        Path ontology = Files.writeString(tmp.resolve("o.yaml"), "red: red\nblue: blue\n");
        CliRun r = CliRun.of("predict", "--model", "test-colour", "--ontology", ontology.toString(), "--batch", "2",
                images.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        List<Map<String, Object>> lines = r.json();
        assertThat(lines).extracting(m -> Path.of((String) m.get("image")).getFileName().toString())
                .containsExactly("a.png", "b.png", "c.png", "d.png", "e.png");
        assertThat(lines).extracting(m -> m.containsKey("error")).containsExactly(false, true, false, true, false);
        assertThat(r.err()).contains("predict 5/5 (100.0%)");
    }

    @Test
    void belowTheThresholdClassAndConfidenceAreBothNull() throws Exception {
        Path image = tmp.resolve("red.png");
        FrameworkCommandsTest.solid(image, 0xFF0000);
        Path ontology = Files.writeString(tmp.resolve("o.yaml"), "red: red\nblue: blue\n");
        CliRun r = CliRun.of("predict", "--model", "test-colour", "--ontology", ontology.toString(),
                "--confidence", "1", image.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json()).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("class", null).containsEntry("confidence", null)
                    .containsEntry("best_class", "red");
            assertThat((Double) m.get("best_confidence")).isGreaterThan(0.9);
        });
    }
}
