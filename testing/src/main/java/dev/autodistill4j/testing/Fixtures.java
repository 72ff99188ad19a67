package dev.autodistill4j.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared, read-only test fixtures (tiny CLIP checkpoints, golden outputs, the shapes world).
 *
 * <p>The system property {@code autodistill4j.fixtures} names the folder ({@code .ci/run} sets it). Unset:
 * the calling test is skipped with a message saying how to run it. Set but missing: the test fails, because a
 * CI run that silently skipped the golden tests would prove nothing.
 */
public final class Fixtures {
    public static final String PROPERTY = "autodistill4j.fixtures";
    private static final String SKIP_MESSAGE = "Fixture tests skipped: run with -D" + PROPERTY
            + "=\"$(realpath ../shared/fixtures)\" (as .ci/run does) to run them";
    private static volatile boolean warned;

    private Fixtures() {
    }

    /** The fixtures root, or a skipped test when the property is unset. */
    public static Path root() {
        String value = System.getProperty(PROPERTY, "");
        if (value.isBlank()) {
            // A class-level skip (an assumption in @BeforeAll) leaves no message in Surefire's summary, so say
            // it on stderr once per test JVM as well.
            if (!warned) {
                warned = true;
                System.err.println(SKIP_MESSAGE);
            }
            Assumptions.abort(SKIP_MESSAGE);
        }
        Path root = Path.of(value).toAbsolutePath();
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("-D" + PROPERTY + "=" + value + " does not name a folder: point it at "
                    + "the shared fixtures (../shared/fixtures from the repository root)");
        }
        return root;
    }

    /** A path below the fixtures root that must exist. */
    public static Path resolve(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("fixture " + p + " is missing: the shared fixtures folder is incomplete");
        }
        return p;
    }

    /** {@code shared/data/metaclip}, beside the fixtures folder. */
    public static Path metaclipData() {
        Path p = root().getParent().resolve("data").resolve("metaclip");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException(p + " is missing: it should sit beside the fixtures folder");
        }
        return p;
    }
}
