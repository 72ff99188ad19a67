package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.datasets.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The framework's CLI commands through {@code Main.execute}, with the test-colour provider from the test-jar. */
@SuppressWarnings("unchecked")
class FrameworkCommandsTest {
    @TempDir
    Path tmp;
    Path images;
    Path ontology;

    static void solid(Path file, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(6, 5, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 6; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @BeforeEach
    void setUp() throws Exception {
        images = tmp.resolve("images");
        for (int i = 0; i < 4; i++) {
            solid(images.resolve("red" + i + ".png"), 0xFF0000);
            solid(images.resolve("sub/blue" + i + ".png"), 0x0000FF);
        }
        ontology = tmp.resolve("ontology.yaml");
        Files.writeString(ontology, "a red square: red\nblue: blue\n");
    }

    @Test
    void modelsListsProvidersWithLicence() {
        CliRun r = CliRun.of("models");
        assertThat(r.exitCode()).isZero();
        assertThat(r.json()).anySatisfy(m -> {
            assertThat(m).containsEntry("name", "test-colour").containsEntry("license", "Apache-2.0 (test code)");
            assertThat(m.get("references")).isEqualTo(List.of("default"));
        });
    }

    @Test
    void predictPrintsOneLinePerImageAndErrorsForUnreadableOnes() throws Exception {
        Files.write(images.resolve("broken.png"), new byte[] {1, 2, 3});
        CliRun r = CliRun.of("predict", "--model", "test-colour", "--ontology", ontology.toString(),
                "--confidence", "0.9", images.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        List<Map<String, Object>> lines = r.json();
        assertThat(lines).hasSize(9);
        assertThat(lines).filteredOn(m -> m.containsKey("error")).singleElement()
                .satisfies(m -> assertThat((String) m.get("image")).endsWith("broken.png"));
        assertThat(lines).filteredOn(m -> ((String) m.get("image")).contains("red"))
                .allSatisfy(m -> {
                    assertThat(m).containsEntry("class", "red");
                    assertThat((Double) m.get("confidence")).isGreaterThan(0.9);
                    assertThat((Map<String, Object>) m.get("scores")).containsOnlyKeys("red", "blue");
                });
    }

    @Test
    void embedPrintsRawOrNormalisedVectors() {
        CliRun raw = CliRun.of("embed", "--model", "test-colour", "--images", images.resolve("red0.png").toString());
        assertThat(raw.exitCode()).isZero();
        assertThat(raw.json()).singleElement().satisfies(m -> {
            assertThat((String) m.get("id")).endsWith("red0.png");
            assertThat((List<?>) m.get("embedding")).hasSize(8);
        });
        CliRun text = CliRun.of("embed", "--model", "test-colour", "--text", "blue", "a red car", "--normalize");
        assertThat(text.json()).extracting(m -> m.get("id")).containsExactly("blue", "a red car");
        CliRun both = CliRun.of("embed", "--model", "test-colour", "--text", "x", "--images", "y");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void compareImagesAndTexts() {
        CliRun same = CliRun.of("compare", "--model", "test-colour", images.resolve("red0.png").toString(), "text:red");
        assertThat(same.json()).singleElement().satisfies(m -> assertThat((Double) m.get("cosine")).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-6)));
        CliRun other = CliRun.of("compare", "--model", "test-colour", "text:red", "text:blue");
        assertThat(other.json()).singleElement().satisfies(m -> assertThat((Double) m.get("cosine")).isZero());
    }

    @Test
    void labelThenStatsThenResume() {
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("label", "--model", "test-colour", "--ontology", ontology.toString(), "--input",
                images.toString(), "--output", out.toString(), "--split", "0.5,0.5", "--seed", "3", "--batch", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json()).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("images", 8).containsEntry("labelled", 8).containsEntry("failed", 0);
        });
        assertThat(r.err()).contains("label 8/8").contains("8 images: 8 labelled");
        assertThat(Manifest.read(out.resolve(Manifest.FILE_NAME))).hasSize(8);

        CliRun stats = CliRun.of("dataset", "stats", out.toString());
        assertThat(stats.json()).singleElement().satisfies(m -> {
            assertThat(m).containsEntry("total", 8).containsEntry("classes", List.of("blue", "red"));
            assertThat((Map<String, Object>) m.get("perClass")).containsEntry("red", 4).containsEntry("blue", 4);
        });

        CliRun again = CliRun.of("label", "--model", "test-colour", "--ontology", ontology.toString(), "--input",
                images.toString(), "--output", out.toString(), "--split", "0.5,0.5", "--seed", "3");
        assertThat(again.json()).singleElement().satisfies(m -> assertThat(m).containsEntry("resumed", 8));
        CliRun changed = CliRun.of("label", "--model", "test-colour", "--ontology", ontology.toString(), "--input",
                images.toString(), "--output", out.toString(), "--seed", "4");
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).startsWith("error: ").contains("--overwrite").doesNotContain("\tat ");
        CliRun overwrite = CliRun.of("label", "--model", "test-colour", "--ontology", ontology.toString(), "--input",
                images.toString(), "--output", out.toString(), "--seed", "4", "--overwrite");
        assertThat(overwrite.json()).singleElement().satisfies(m -> assertThat(m).containsEntry("resumed", 0));
    }

    @Test
    void labelReadsAConfigFileAndOptionsOverrideIt() throws Exception {
        Path config = tmp.resolve("label.yaml");
        Files.writeString(config, """
                model: test-colour
                ontology: ontology.yaml
                input: images
                output: from-config
                confidence: 0.99999
                split: [0.6, 0.4]
                """);
        CliRun r = CliRun.of("label", "--config", config.toString(), "--confidence", "0.2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json()).singleElement().satisfies(m -> assertThat(m).containsEntry("labelled", 8));
        assertThat(tmp.resolve("from-config/run.json")).content().contains("\"confidence\" : 0.2");
    }

    @Test
    void userErrorsPrintOneLineAndExit2() throws Exception {
        CliRun unknown = CliRun.of("predict", "--model", "nope", "--ontology", ontology.toString(), images.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("error: unknown model provider 'nope'").contains("test-colour");
        Path evil = tmp.resolve("evil.yaml");
        Files.writeString(evil, "a: !!java.net.URL [\"http://x\"]\n");
        CliRun hostile = CliRun.of("predict", "--model", "test-colour", "--ontology", evil.toString(), images.toString());
        assertThat(hostile.exitCode()).isEqualTo(2);
        assertThat(hostile.err()).startsWith("error: ").contains("evil.yaml").contains("refused");
        CliRun stats = CliRun.of("dataset", "stats", tmp.resolve("missing").toString());
        assertThat(stats.exitCode()).isEqualTo(2);
        assertThat(stats.err()).startsWith("error: ").contains("is not a folder");
        assertThat(stats.out()).isEmpty();
    }
}
