package dev.autodistill4j.curation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The curation golden fixture ({@code <fixtures>/curation}), found like every fixture test through
 * {@code -Dautodistill4j.fixtures}: unset = skipped with a message, set to a missing folder = failure. (A copy
 * of framework-api's test helper, so this module's tests do not pull in the image stack.)
 */
final class CurationFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean warned;

    private CurationFixtures() {
    }

    static Path dir() {
        String value = System.getProperty("autodistill4j.fixtures", "");
        if (value.isBlank()) {
            String msg = "Curation fixture tests skipped: run with -Dautodistill4j.fixtures=\"$(realpath "
                    + "../shared/fixtures)\" (as .ci/run does) to run them";
            if (!warned) {
                warned = true;
                System.err.println(msg);
            }
            Assumptions.abort(msg);
        }
        Path dir = Path.of(value).toAbsolutePath().resolve("curation");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: -Dautodistill4j.fixtures must name the shared "
                    + "fixtures folder, which holds curation/");
        }
        return dir;
    }

    static List<String> texts(Path dir) {
        List<String> out = new ArrayList<>();
        for (String line : lines(dir.resolve("texts.jsonl"))) {
            out.add(tree(line).get("text").textValue());
        }
        return out;
    }

    static List<int[]> matches(Path file) {
        List<int[]> out = new ArrayList<>();
        for (String line : lines(file)) {
            JsonNode ids = tree(line).get("matches");
            int[] m = new int[ids.size()];
            for (int i = 0; i < m.length; i++) {
                m[i] = ids.get(i).intValue();
            }
            out.add(m);
        }
        return out;
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long[] longs(JsonNode array) {
        long[] a = new long[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).longValue();
        }
        return a;
    }
}
