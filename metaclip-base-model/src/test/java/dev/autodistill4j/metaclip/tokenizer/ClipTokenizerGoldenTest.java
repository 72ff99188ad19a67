package dev.autodistill4j.metaclip.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Token ids equal to the reference (golden.json, OpenAI simple_tokenizer) for every text, both vocabularies. */
class ClipTokenizerGoldenTest {

    private static List<JsonNode> texts() throws IOException {
        JsonNode golden = new ObjectMapper().readTree(Fixtures.resolve("clip/golden.json").toFile());
        List<JsonNode> out = new ArrayList<>();
        golden.get("texts").forEach(out::add);
        assertThat(out).hasSizeGreaterThanOrEqualTo(10);
        return out;
    }

    private static int[] ids(JsonNode t) {
        int[] ids = new int[t.get("ids").size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = t.get("ids").get(i).asInt();
        }
        return ids;
    }

    private static void assertAllMatch(ClipTokenizer tokenizer) throws IOException {
        for (JsonNode t : texts()) {
            String text = t.get("text").asText();
            assertThat(tokenizer.encode(text)).as("ids of %s", text).containsExactly(ids(t));
        }
    }

    @Test
    void huggingFaceFilesGiveTheReferenceIds() throws IOException {
        Path dir = Fixtures.resolve("clip/tiny-clip");
        ClipTokenizer tokenizer = ClipTokenizer.fromFiles(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
        assertThat(tokenizer.vocabularySize()).isEqualTo(49408);
        assertAllMatch(tokenizer);
    }

    @Test
    void bundledMergesGiveTheReferenceIds() throws IOException {
        ClipTokenizer tokenizer = ClipTokenizer.bundled();
        assertThat(tokenizer.vocabularySize()).isEqualTo(49408);
        assertThat(tokenizer.startOfTextId()).isEqualTo(49406);
        assertThat(tokenizer.endOfTextId()).isEqualTo(49407);
        assertAllMatch(tokenizer);
    }

    @Test
    void bundledVocabularyEqualsTheHuggingFaceOne() {
        Path dir = Fixtures.resolve("clip/tiny-clip");
        ClipTokenizer hf = ClipTokenizer.fromFiles(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
        ClipTokenizer gz = ClipTokenizer.bundled();
        for (String s : List.of("a diagram of a transformer", "Zürich at night, 1999", "¿qué? ¡sí!",
                "ОДИН два", "a photo of a {}.", "\u00a0nbsp\u3000ideographic", "x".repeat(300))) {
            assertThat(gz.encode(s)).as(s).containsExactly(hf.encode(s));
        }
    }
}
