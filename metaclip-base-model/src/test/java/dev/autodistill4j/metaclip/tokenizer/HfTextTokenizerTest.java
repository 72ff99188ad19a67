package dev.autodistill4j.metaclip.tokenizer;

import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DJL-backed tokenizer.json tokenizer on the MetaCLIP 2 fixture's XLM-R-style tokenizer: checks against the
 * model at open time, hostile strings (unpaired surrogates, NUL, a megabyte of text), closing, threads.
 */
class HfTextTokenizerTest {
    @TempDir
    Path tmp;

    private static HfTextTokenizer open() {
        Path dir = Fixtures.resolve("metaclip2");
        return HfTextTokenizer.open(dir.resolve("tokenizer.json"), 32, 2, HfTokenizerFiles.padId(dir, 1), 1002);
    }

    @Test
    void readsVocabularySizeAndPadIdFromTheFilesWithoutHoldingTheVocabulary() {
        Path dir = Fixtures.resolve("metaclip2");
        assertThat(HfTokenizerFiles.vocabularySize(dir.resolve("tokenizer.json"))).isEqualTo(1002);
        assertThat(HfTokenizerFiles.padId(dir, 99)).isEqualTo(1);
        assertThat(HfTokenizerFiles.tokenizerClass(dir)).isEqualTo("XLMRobertaTokenizer");
        assertThat(HfTokenizerFiles.padId(tmp, 7)).as("no tokenizer_config: <pad> looked up, else fallback")
                .isEqualTo(7);
    }

    @Test
    void hostileStringsTokeniseWithoutCrashing() {
        try (HfTextTokenizer t = open()) {
            for (String s : List.of("\uD800 lone high", "lone low \uDC00", "nul\u0000inside", "\uFEFFbom",
                    "x".repeat(HfTextTokenizer.MAX_TEXT_CHARS), "\u202Eright-to-left override", "e\u0301".repeat(500),
                    "  ", "\n\t\r")) {
                int[] ids = t.encode(s);
                assertThat(ids.length).as(s.length() > 40 ? s.substring(0, 40) : s).isBetween(2, 32);
                assertThat(ids[0]).isZero();
                assertThat(ids[ids.length - 1]).isEqualTo(2);
                assertThat(t.encodePadded(s)).hasSize(32);
            }
            assertThatThrownBy(() -> t.encode("x".repeat(HfTextTokenizer.MAX_TEXT_CHARS + 1)))
                    .as("longer texts are refused, not handed to native code").isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("100001 characters");
            assertThat(t.encode("\uD83D\uDE00 ok")).as("a proper surrogate pair is kept")
                    .isNotEqualTo(t.encode("\uFFFD ok"));
            assertThat(HfTextTokenizer.replaceUnpairedSurrogates("a\uD800b\uD83D\uDE00c\uDC00"))
                    .isEqualTo("a\uFFFDb\uD83D\uDE00c\uFFFD");
        }
    }

    @Test
    void threadsShareOneTokenizer() {
        try (HfTextTokenizer t = open()) {
            String[] texts = {"ein Foto von einer Katze", "一张猫的照片", "صورة قطة", "a photo of a dog"};
            int[][] serial = java.util.Arrays.stream(texts).map(t::encode).toArray(int[][]::new);
            IntStream.range(0, 2000).parallel().forEach(i ->
                    assertThat(t.encode(texts[i % texts.length])).containsExactly(serial[i % texts.length]));
        }
    }

    @Test
    void aTokenizerThatDoesNotFitTheModelIsRefused() {
        Path file = Fixtures.resolve("metaclip2/tokenizer.json");
        assertThatThrownBy(() -> HfTextTokenizer.open(file, 32, 49407, 1, 49408))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("eos_token_id 49407");
        assertThatThrownBy(() -> HfTextTokenizer.open(file, 32, 2, 1, 500))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("1002 ids")
                .hasMessageContaining("500 rows");
    }

    @Test
    void brokenFilesAndUseAfterCloseFailClearly() throws IOException {
        Path broken = Files.writeString(tmp.resolve("tokenizer.json"), "{\"model\": ");
        assertThatThrownBy(() -> HfTextTokenizer.open(broken, 32, 2, 1, 1002))
                .isInstanceOf(CheckpointException.class).hasMessageContaining(broken.toString());
        Path notTokenizer = Files.writeString(tmp.resolve("other.json"), "{\"model\": {\"type\": \"BPE\"}}");
        assertThatThrownBy(() -> HfTextTokenizer.open(notTokenizer, 32, 2, 1, 1002))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("no vocabulary");
        HfTextTokenizer t = open();
        t.close();
        t.close();
        assertThatThrownBy(() -> t.encode("a cat")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
