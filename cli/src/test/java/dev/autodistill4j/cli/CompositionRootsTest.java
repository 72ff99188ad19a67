package dev.autodistill4j.cli;

import dev.autodistill4j.testing.SourceStrings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21, one object graph: a model registry or a trainer registry is built only by a composition root — the
 * CLI's injector modules, a Spark executor's model cache, the classes that define the registries, the public
 * entries for library users, and the examples (user code, which is what those entries are for). Anything else
 * that discovered would build a second object graph behind the injector; it takes a registry, a trainer
 * registry or an embedding-model supplier instead. Comments and string literals are not code and are skipped.
 */
class CompositionRootsTest {
    private static final Pattern BUILDS_A_REGISTRY = Pattern.compile("\\bdiscover\\s*\\("
            + "|\\b(?:NamedServices|ServiceLoader)\\s*\\.\\s*load\\s*\\(\\s*(?:BaseModelProvider|TargetTrainer)\\.class");

    /** Path (below the checkout) → why it may build a registry. A path ending in '/' covers a folder. */
    private static final Map<String, String> ROOTS = Map.ofEntries(
            Map.entry("runtime/src/main/java/dev/autodistill4j/runtime/models/BaseModelRegistry.java",
                    "defines discover()"),
            Map.entry("target-trainers/src/main/java/dev/autodistill4j/trainers/TargetTrainers.java",
                    "defines discover()"),
            Map.entry("runtime/src/main/java/dev/autodistill4j/runtime/inject/Autodistill4jModule.java",
                    "the CLI's injector"),
            Map.entry("target-trainers/src/main/java/dev/autodistill4j/trainers/inject/TargetTrainersModule.java",
                    "the CLI's injector"),
            Map.entry("spark/src/main/java/dev/autodistill4j/spark/job/ExecutorModels.java",
                    "a Spark executor's one model cache"),
            Map.entry("target-trainers/src/main/java/dev/autodistill4j/trainers/data/EmbeddingModelSupplier.java",
                    "fromClassPath(): the public entry for a library user who gives no registry"),
            Map.entry("target-trainers/src/main/java/dev/autodistill4j/trainers/TargetModelProvider.java",
                    "the trainers of the instance ServiceLoader makes (its base models come from the loading "
                    + "registry)"),
            Map.entry("examples/",
                    "user code: the public static entries are for it"),
            Map.entry("testing/",
                    "test scope: the provider contract checks that ServiceLoader finds the provider"),
            Map.entry("bench/src/main/java/dev/autodistill4j/bench/clip/StudentBench.java",
                    "not yet: as ClipBench"),
            Map.entry("bench/src/main/java/dev/autodistill4j/bench/clip/ClipBench.java",
                    "not yet: its bench command should hand it the CLI's registry (left while the bench is edited "
                    + "elsewhere)"));

    @Test
    void onlyCompositionRootsBuildARegistry() throws IOException {
        Path root = SourceStrings.checkout();
        List<String> found = new ArrayList<>();
        int scanned = 0;
        for (Path main : mains(root)) {
            try (Stream<Path> files = Files.walk(main)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    scanned++;
                    String rel = root.relativize(f).toString().replace('\\', '/');
                    if (ROOTS.keySet().stream().anyMatch(r -> r.endsWith("/") ? rel.startsWith(r) : rel.equals(r))) {
                        continue;
                    }
                    String code = codeOnly(Files.readString(f));
                    Matcher m = BUILDS_A_REGISTRY.matcher(code);
                    while (m.find()) {
                        found.add(rel + ":" + line(code, m.start()) + " " + m.group());
                    }
                }
            }
        }
        assertThat(scanned).as("java files scanned under " + root).isGreaterThan(300);
        assertThat(found).as("registries built outside the composition roots (take a registry, TargetTrainers or "
                + "an EmbeddingModelSupplier instead)").isEmpty();
    }

    @Test
    void theScanSeesCodeAndSkipsCommentsAndStrings() {
        String src = """
                // BaseModelRegistry.discover() in a comment
                /** {@link BaseModelRegistry#discover()} */
                String s = "BaseModelRegistry.discover()";
                var r = BaseModelRegistry.discover();
                var t = NamedServices.load(TargetTrainer.class, loader, "target trainer");
                """;
        Matcher m = BUILDS_A_REGISTRY.matcher(codeOnly(src));
        List<Integer> lines = new ArrayList<>();
        while (m.find()) {
            lines.add(line(codeOnly(src), m.start()));
        }
        assertThat(lines).containsExactly(4, 5);
    }

    /** Every module's {@code src/main/java}. */
    private static List<Path> mains(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(d -> d.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        }
    }

    /** {@code src} with comments, string, text-block and char literals blanked (line breaks kept). */
    static String codeOnly(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        while (i < src.length()) {
            int end = literalOrCommentEnd(src, i);
            if (end == i) {
                out.append(src.charAt(i++));
                continue;
            }
            for (int k = i; k < end; k++) {
                out.append(src.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }

    /** Where the comment or literal starting at {@code i} ends, or {@code i} when none starts there. */
    private static int literalOrCommentEnd(String s, int i) {
        if (s.startsWith("//", i)) {
            int nl = s.indexOf('\n', i);
            return nl < 0 ? s.length() : nl;
        }
        if (s.startsWith("/*", i)) {
            int close = s.indexOf("*/", i + 2);
            return close < 0 ? s.length() : close + 2;
        }
        if (s.startsWith("\"\"\"", i)) {
            int close = s.indexOf("\"\"\"", i + 3);
            return close < 0 ? s.length() : close + 3;
        }
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            int k = i + 1;
            while (k < s.length() && s.charAt(k) != c && s.charAt(k) != '\n') {
                k += s.charAt(k) == '\\' ? 2 : 1;
            }
            return Math.min(k + 1, s.length());
        }
        return i;
    }

    private static int line(String s, int offset) {
        int n = 1;
        for (int k = 0; k < offset; k++) {
            if (s.charAt(k) == '\n') {
                n++;
            }
        }
        return n;
    }
}
