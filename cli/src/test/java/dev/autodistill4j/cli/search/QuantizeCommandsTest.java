package dev.autodistill4j.cli.search;

import dev.autodistill4j.cli.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code index --quantize / --convert} and searching quantised indexes through {@code Main} ({@code test-colour}). */
class QuantizeCommandsTest {
    @TempDir
    Path tmp;

    private static final int[] COLOURS = {0xe61414, 0x14e614, 0x1414e6};
    private static final String[] NAMES = {"red", "green", "blue"};

    private Path images() throws Exception {
        Path dir = tmp.resolve("images");
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 64; p++) {
                    img.setRGB(p % 8, p / 8, p < 4 * i ? 0xffffff : COLOURS[c]); // a few white pixels: all differ
                }
                Path f = dir.resolve(NAMES[c]).resolve(NAMES[c] + i + ".png");
                Files.createDirectories(f.getParent());
                ImageIO.write(img, "png", f.toFile());
            }
        }
        return dir;
    }

    private static List<JsonNode> search(Path index, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("search", "--index", index.toString(), "--text",
                "something blue", "--k", "4"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.jsonNodes();
    }

    @Test
    void quantisedIndexIsRecordedSearchedAndConvertedWithoutReembedding() throws Exception {
        Path images = images();
        Path index = tmp.resolve("index");
        CliRun first = CliRun.of("index", "--model", "test-colour", "--images", images.toString(), "--index",
                index.toString(), "--quantize", "int4");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.jsonNodes().get(0).get("quantization").asText()).isEqualTo("int4");

        List<JsonNode> hits = search(index);
        assertThat(hits).hasSize(4).allSatisfy(h -> assertThat(h.get("path").asText()).contains("/blue/"));
        List<JsonNode> exact = search(index, "--exact");
        for (int i = 0; i < 4; i++) { // rescored with the float vectors: the exact scores, not 4-bit ones
            assertThat(hits.get(i).get("score").asDouble()).isCloseTo(exact.get(i).get("score").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-5));
        }

        CliRun change = CliRun.of("index", "--model", "test-colour", "--images", images.toString(), "--index",
                index.toString(), "--quantize", "int7");
        assertThat(change.exitCode()).isEqualTo(2);
        assertThat(change.errorLine()).startsWith("error: ").contains("int4").contains("--convert --quantize int7")
                .doesNotContain("Exception");
        CliRun again = CliRun.of("index", "--model", "test-colour", "--images", images.toString(), "--index",
                index.toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.jsonNodes().get(0).get("quantization").asText()).isEqualTo("int4");
        assertThat(again.jsonNodes().get(0).get("unchanged").asInt()).isEqualTo(12);

        CliRun convert = CliRun.of("index", "--convert", "--quantize", "none", "--index", index.toString());
        assertThat(convert.exitCode()).as(convert.toString()).isZero();
        JsonNode c = convert.jsonNodes().get(0);
        assertThat(c.get("converted").asBoolean()).isTrue();
        assertThat(c.get("from").asText()).isEqualTo("int4");
        assertThat(c.get("quantization").asText()).isEqualTo("none");
        assertThat(c.get("vectors").asInt()).isEqualTo(12);
        List<JsonNode> afterFloat = search(index, "--oversample", "0");
        assertThat(afterFloat).extracting(h -> h.get("path").asText())
                .containsExactlyElementsOf(exact.stream().map(h -> h.get("path").asText()).toList());
        CliRun same = CliRun.of("index", "--convert", "--quantize", "none", "--index", index.toString());
        assertThat(same.jsonNodes().get(0).get("converted").asBoolean()).isFalse();

        CliRun badOversample = CliRun.of("search", "--index", index.toString(), "--text", "x", "--oversample", "0.5");
        assertThat(badOversample.exitCode()).isEqualTo(2);
        assertThat(badOversample.errorLine()).startsWith("error: oversample must be 0");

        CliRun dups = CliRun.of("duplicates", "--index", index.toString(), "--threshold", "0.999");
        assertThat(dups.exitCode()).as(dups.toString()).isZero();
    }

    @Test
    void badQuantizeAndConvertArgumentsAreOneLineErrors() throws Exception {
        Path index = tmp.resolve("index");
        CliRun unknown = CliRun.of("index", "--model", "test-colour", "--images", images().toString(), "--index",
                index.toString(), "--quantize", "int8");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.errorLine()).startsWith("error: unknown quantization 'int8'").contains("int7");
        assertThat(index).doesNotExist();

        CliRun noTarget = CliRun.of("index", "--convert", "--index", index.toString());
        assertThat(noTarget.exitCode()).isEqualTo(2);
        assertThat(noTarget.errorLine()).startsWith("error: --convert needs --quantize");
        CliRun noIndex = CliRun.of("index", "--convert", "--quantize", "int7", "--index", index.toString());
        assertThat(noIndex.exitCode()).isEqualTo(2);
        assertThat(noIndex.errorLine()).startsWith("error: no search index at");
        CliRun noModel = CliRun.of("index", "--images", tmp.toString(), "--index", index.toString());
        assertThat(noModel.exitCode()).isEqualTo(2);
        assertThat(noModel.errorLine()).startsWith("error: missing --model");
    }
}
