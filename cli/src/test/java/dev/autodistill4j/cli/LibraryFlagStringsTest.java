package dev.autodistill4j.cli;

import dev.autodistill4j.testing.SourceStrings;
import dev.autodistill4j.testing.SourceStrings.Literal;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21: no library module tells a Java user about CLI flags it does not have. Library errors name the setting
 * key in backquotes ({@code `input`}); only the CLI (all of {@code cli}, and {@code spark}'s command package)
 * turns keys into flags when it prints the one {@code error:} line. JVM launcher and spark-submit options are not ours and stay.
 */
class LibraryFlagStringsTest {
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    /**
     * Options of other tools, not ours: the JVM's own (a library may rightly tell a user to start the JVM with them)
     * and spark-submit's {@code --archives}, which the Spark job names when a model must be shipped to executors.
     */
    private static final Set<String> JVM_OPTIONS = Set.of("--add-modules", "--enable-native-access",
            "--sun-misc-unsafe-memory-access", "--archives");

    @Test
    void noLibraryStringNamesACliFlag() throws IOException {
        Path root = SourceStrings.checkout();
        List<String> found = new ArrayList<>();
        int scanned = 0;
        for (Path main : libraryMains(root)) {
            for (Literal l : SourceStrings.under(main)) {
                scanned++;
                if (l.file().toString().contains("/dev/autodistill4j/spark/cli/")) {
                    continue; // spark's command classes are CLI
                }
                Matcher m = FLAG.matcher(l.text());
                while (m.find()) {
                    if (!JVM_OPTIONS.contains(m.group())) {
                        found.add(root.relativize(l.file()) + ":" + l.line() + " " + m.group());
                    }
                }
            }
        }
        assertThat(scanned).as("string literals scanned under " + root).isGreaterThan(1000);
        assertThat(found).as("flag strings in library modules (name the setting key as `key` instead)").isEmpty();
    }

    @Test
    void theCliPrintsSettingKeysAsItsFlags() {
        CliRun run = CliRun.of("label", "--output", "/nonexistent-out");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: no input folder: pass --input DIR").doesNotContain("`");
    }

    /** Every module's {@code src/main/java} except the CLI's. */
    static List<Path> libraryMains(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> !d.getFileName().toString().equals("cli"))
                    .map(d -> d.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        }
    }
}
