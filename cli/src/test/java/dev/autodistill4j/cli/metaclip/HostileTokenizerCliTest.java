package dev.autodistill4j.cli.metaclip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.cli.Main;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MetaCLIP 2 checkpoint whose {@code tokenizer.json} holds the regex {@code (a+)+$} (issue #19 item 12):
 * {@code embed --text aaaa…b} aborted the JVM in native code (exit 134), and so did the first such query to
 * {@code serve}. Now the model is refused when it loads — one {@code error:} line naming the file and the
 * pattern, exit 2 — so no command or server ever runs with it. Run in a child JVM, since an abort would take the
 * test JVM with it.
 */
class HostileTokenizerCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aCheckpointWithACatastrophicRegexIsRefusedNotAnAbort() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("mc2"));
        try (Stream<Path> files = Files.list(Fixtures.resolve("metaclip2"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        ObjectNode tokenizer = (ObjectNode) JSON.readTree(model.resolve("tokenizer.json").toFile());
        ObjectNode seq = JSON.createObjectNode().put("type", "Sequence");
        ObjectNode split = seq.putArray("pretokenizers").addObject().put("type", "Split");
        split.putObject("pattern").put("Regex", "(a+)+$");
        split.put("behavior", "Isolated").put("invert", false);
        seq.withArray("pretokenizers").add(tokenizer.get("pre_tokenizer"));
        tokenizer.set("pre_tokenizer", seq);
        JSON.writeValue(model.resolve("tokenizer.json").toFile(), tokenizer);

        Process p = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "embed", "--model", "metaclip:" + model,
                "--text", "a".repeat(40) + "b")).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isNotEqualTo(134).isEqualTo(2);
        assertThat(output).contains("error:").contains(model.resolve("tokenizer.json").toString()).contains("(a+)+$");
    }
}
