package dev.autodistill4j.metaclip.tokenizer;

import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile {@code tokenizer.json} cannot abort the JVM (issue #19 item 12: the regex {@code (a+)+$} made the
 * native tokenizer panic and abort, exit 134; one GET killed {@code serve}). Each case opens the file and
 * encodes a text in a child JVM, as the MetaCLIP 2 provider would, and requires the refusal naming the file —
 * not the abort that the unguarded native code gives (each of these was seen to exit 134 without the check).
 */
class NativeTokenizerAbortTest {
    @TempDir
    Path tmp;

    record Outcome(int exit, String output) {
    }

    static Outcome probe(Path tokenizer, String text) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TokenizerProbe.class.getName());
        cmd.add(tokenizer.toString());
        cmd.add(text);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Outcome(-1, "timed out");
        }
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    void assertRefused(Consumer<ObjectNode> change, String text, String... parts) throws Exception {
        Path file = HostileTokenizers.write(tmp, "tokenizer-" + Math.abs(text.hashCode() + parts[0].hashCode())
                + ".json", change);
        Outcome o = probe(file, text);
        assertThat(o.exit()).as(o.output()).isNotEqualTo(134).isEqualTo(3);
        assertThat(o.output()).contains("refused: " + file);
        for (String part : parts) {
            assertThat(o.output()).contains(part);
        }
    }

    @Test
    void theFixtureTokenizerStillWorksInAChildJvm() throws Exception {
        Outcome o = probe(Fixtures.resolve("metaclip2/tokenizer.json"), "a photo of a cat");
        assertThat(o.exit()).as(o.output()).isZero();
        assertThat(o.output()).contains("ids [0,");
    }

    @Test
    void aCatastrophicallyBacktrackingRegexIsRefusedBeforeNativeCode() throws Exception {
        assertRefused(HostileTokenizers.splitRegex("(a+)+$"), "REPEAT:a:40:b", "pre_tokenizer", "(a+)+$");
    }

    @Test
    void aPolynomiallyBacktrackingRegexIsRefusedBeforeNativeCode() throws Exception {
        assertRefused(HostileTokenizers.splitRegex("a*a*(?:y|$)"), "REPEAT:a:10000:x", "a*a*(?:y|$)");
    }

    @Test
    void anUndefinedTemplateTokenIsRefusedBeforeNativeCode() throws Exception {
        assertRefused(HostileTokenizers::undefinedTemplateToken, "a photo", "post_processor.single", "<s>");
    }

    @Test
    void anUnparsableCharsmapIsRefusedBeforeNativeCode() throws Exception {
        assertRefused(HostileTokenizers::garbageCharsmap, "a photo", "precompiled_charsmap");
    }
}
