package dev.autodistill4j.metaclip.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 54 tricky texts (ftfy fixes, HTML entities, scripts, emoji sequences, contractions in upper case, C1 controls,
 * special tokens, truncation) whose ids come from a Python port of the reference tokenizer running the real ftfy
 * and regex modules (resources {@code reference-cases.json}, {@code reference-tokenizer.py}).
 */
class ClipTokenizerReferenceTest {

    private static List<JsonNode> cases() throws IOException {
        try (InputStream in = ClipTokenizerReferenceTest.class.getResourceAsStream("reference-cases.json")) {
            assertThat(in).as("test resource reference-cases.json").isNotNull();
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(out::add);
            return out;
        }
    }

    private static void check(ClipTokenizer tokenizer) throws IOException {
        List<JsonNode> cases = cases();
        assertThat(cases).hasSizeGreaterThan(50);
        for (JsonNode c : cases) {
            JsonNode ids = c.get("ids");
            int[] expected = new int[ids.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = ids.get(i).asInt();
            }
            String text = c.get("text").asText();
            assertThat(tokenizer.encode(text)).as("ids of '%s'", text).containsExactly(expected);
        }
    }

    @Test
    void bundledTokenizerMatchesTheReferenceOnTrickyTexts() throws IOException {
        check(ClipTokenizer.bundled());
    }

    @Test
    void huggingFaceFilesMatchTheReferenceOnTrickyTexts() throws IOException {
        Path dir = Fixtures.resolve("clip/tiny-clip");
        check(ClipTokenizer.fromFiles(dir.resolve("vocab.json"), dir.resolve("merges.txt")));
    }
}
