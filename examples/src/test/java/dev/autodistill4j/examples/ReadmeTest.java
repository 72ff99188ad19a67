package dev.autodistill4j.examples;

import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user meets first: the README's commands and Java example. The Java block must be the code of
 * {@link ReadmeExample} (which compiles, and runs here on the shapes fixture), the test command must be the
 * one {@code .ci/run} runs, and Maven must print neither a colour escape nor a property warning around them.
 */
class ReadmeTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static String read(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative));
    }

    @Test
    void theJavaExampleIsReadmeExampleWithItsImports() throws IOException {
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(read("README.md"));
        assertThat(m.find()).as("README has a java block").isTrue();
        String source = read("examples/src/main/java/dev/autodistill4j/examples/ReadmeExample.java");
        String withoutPackage = source.substring(source.indexOf('\n') + 1).stripLeading();
        assertThat(m.group(1)).isEqualTo(withoutPackage);
        assertThat(read("README.md")).contains("<artifactId>metaclip-base-model</artifactId>")
                .contains("mvn -B -q -DskipTests install").contains("DJL_CACHE_DIR").contains("~/.djl.ai");
    }

    @Test
    void theJavaExampleRunsOnTheShapesFixture() {
        String model = "metaclip:" + Fixtures.resolve("shapes/shapes-clip");
        Path image = Fixtures.resolve("shapes/images/test/red_circle/red_circle_00.png");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            ReadmeExample.main(new String[] {model, ExamplesTest.ontologyFile().toString(), image.toString()});
        } finally {
            System.setOut(old);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("red_circle ");
    }

    @Test
    void theReadmeTestCommandIsWhatCiRuns() throws IOException {
        List<String> readme = read("README.md").lines().filter(l -> l.startsWith(".ci/jdk mvn -B verify")).toList();
        List<String> ci = read(".ci/run").lines().filter(l -> l.matches("(\\.ci/jdk )?mvn .*")).toList();
        assertThat(readme).hasSize(1);
        assertThat(ci).containsExactlyElementsOf(readme);
    }

    /** Surefire warns "System property [autodistill4j.fixtures] overwritten" when the pom declares it too. */
    @Test
    void thePomDoesNotDeclareTheFixturesPropertyThatTheCommandLineSets() throws IOException {
        String pom = read("pom.xml");
        assertThat(pom).doesNotContain("<autodistill4j.fixtures>");
    }

    /** Maven 3.8's jansi writes ESC[0m on exit even with -q, which would land before the CLI's JSON. */
    @Test
    void theBuildCommandPrintsNothing() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("mvn", "-q", "-o", "-N", "validate").directory(ROOT.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("mvn is not on the PATH: " + e.getMessage());
            return;
        }
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(output, StandardCharsets.UTF_8)).as("mvn -q output").isEmpty();
    }
}
