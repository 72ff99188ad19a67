package dev.autodistill4j.metaclip.tokenizer;

import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipTokenizerTest {
    private final ClipTokenizer tokenizer = ClipTokenizer.bundled();

    @Test
    void emptyTextIsStartAndEnd() {
        assertThat(tokenizer.encode("")).containsExactly(49406, 49407);
        assertThat(tokenizer.encode(" \t\n ")).containsExactly(49406, 49407);
    }

    @Test
    void longTextIsTruncatedKeepingTheEndToken() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append("dog ");
        }
        int[] ids = tokenizer.encode(sb.toString());
        assertThat(ids).hasSize(77);
        assertThat(ids[0]).isEqualTo(49406);
        assertThat(ids[76]).isEqualTo(49407);
        assertThat(ids[75]).isEqualTo(ids[1]);
        assertThat(tokenizer.withContextLength(10).encode(sb.toString())).hasSize(10).endsWith(49407);
    }

    @Test
    void aCutPromptIsWarnedAboutOnceNamingIt() {
        ClipTokenizer fresh = ClipTokenizer.bundled().withContextLength(77);
        String longPrompt = "a photo of a " + "very ".repeat(100) + "fluffy dog";
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            fresh.encode(longPrompt);
            fresh.encode(longPrompt);
            fresh.encode("a photo of a cat");
        } finally {
            System.setErr(old);
        }
        String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).contains("\"a photo of a very very").contains("108 tokens").contains("at most 77");
        assertThat(log.lines().filter(l -> l.contains("at most 77"))).hasSize(1);
    }

    @Test
    void paddedFormHasContextLength() {
        int[] ids = tokenizer.encodePadded("a photo of a cat");
        assertThat(ids).hasSize(77).startsWith(49406, 320, 1125, 539, 320, 2368, 49407);
        assertThat(ids[7]).isZero();
        assertThat(ids[76]).isZero();
    }

    @Test
    void decodeInvertsEncode() {
        String text = "a photo of 2 dogs, café & crème brûlée!";
        assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo("a photo of 2 dogs , café & crème brûlée !");
        assertThat(tokenizer.decode(tokenizer.encode("東京タワー 🙂"))).isEqualTo("東京タワー 🙂");
    }

    @Test
    void specialTokensInTextAreRecognised() {
        assertThat(tokenizer.encodeTokens("<|endoftext|>")).containsExactly(49407);
        assertThat(tokenizer.encodeTokens("hi <|startoftext|>")).endsWith(49406);
    }

    @Test
    void cleaningMatchesPythonReference() {
        // expected values computed with CPython 3.11 html.unescape / str.isspace / str.lower
        assertThat(HtmlUnescape.unescape("&amp;amp;")).isEqualTo("&amp;");
        assertThat(HtmlUnescape.unescape(HtmlUnescape.unescape("&amp;amp;"))).isEqualTo("&");
        assertThat(HtmlUnescape.unescape("&lt")).isEqualTo("<");
        assertThat(HtmlUnescape.unescape("&notit;")).isEqualTo("\u00acit;");
        assertThat(HtmlUnescape.unescape("&#x41;&#65;&#128;&#0;&#xD800;&#1;"))
                .isEqualTo("AA\u20ac\ufffd\ufffd");
        assertThat(HtmlUnescape.unescape("&ampfoo")).isEqualTo("&foo");
        assertThat(HtmlUnescape.unescape("&nosuch;")).isEqualTo("&nosuch;");
        assertThat(HtmlUnescape.unescape("&#99999999999;")).isEqualTo("\ufffd");
        assertThat(TextCleaner.clean("  A\u00a0B\u2003C\u3000D\t\n")).isEqualTo("a b c d");
        assertThat(TextCleaner.clean("\u201cQuoted\u201d \u2018x\u2019 \ufb01sh \uff21\uff22")).isEqualTo("\"quoted\" 'x' fish ab");
        assertThat(TextCleaner.clean("e\u0301")).isEqualTo("\u00e9"); // NFC
    }

    @Test
    void preTokenizerSplitsLikePythonRegexModule() {
        // expected splits computed with the Python 'regex' module and the reference pattern
        assertThat(split("héllo wörld ١٢٣ x²")).containsExactly("héllo", "wörld", "١", "٢", "٣", "x", "²");
        assertThat(split("naïve\u0301 e\u0301")).containsExactly("naïve", "\u0301", "e", "\u0301");
        assertThat(split("ok!!?? 3.14 ½")).containsExactly("ok", "!!??", "3", ".", "1", "4", "½");
        assertThat(split("🙂🙂 a")).containsExactly("🙂🙂", "a");
        assertThat(split("don't you'll")).containsExactly("don", "'t", "you", "'ll");
    }

    private static List<String> split(String s) {
        Pattern p = Pattern.compile(
                "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void brokenTokenizerFilesAreReported(@TempDir Path dir) throws IOException {
        Path vocab = dir.resolve("vocab.json");
        Path merges = dir.resolve("merges.txt");
        Files.writeString(vocab, "[1, 2]");
        Files.writeString(merges, "#version: 0.2\na b\n");
        assertThatThrownBy(() -> ClipTokenizer.fromFiles(vocab, merges))
                .isInstanceOf(CheckpointException.class).hasMessageContaining(vocab.toString());
        Files.writeString(vocab, "{\"a\": 0}");
        assertThatThrownBy(() -> ClipTokenizer.fromFiles(vocab, merges))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("<|startoftext|>");
        Files.writeString(vocab, "{\"a\": 0, \"<|startoftext|>\": 1, \"<|endoftext|>\": 2}");
        Files.writeString(merges, "#version: 0.2\na b c\n");
        assertThatThrownBy(() -> ClipTokenizer.fromFiles(vocab, merges))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> ClipTokenizer.fromFiles(dir.resolve("none.json"), merges))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("none.json");
    }
}
