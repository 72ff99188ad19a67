package dev.autodistill4j.metaclip.preprocess;

import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the {@code jdk.incubator.vector} module (a library user's JVM started without {@code --add-modules}) the
 * preprocessing still runs, on the scalar loops, with the same floats; and {@code -Dautodistill4j.vectorApi=false}
 * turns the vector loops off where the module is present. Each case is a JVM of its own running {@link #main}.
 */
class VectorFallbackTest {

    @Test
    void withoutTheModuleTheScalarLoopsGiveTheSameFloats() throws Exception {
        assertThat(child(List.of())).isEqualTo("available=false hash=" + hash());
    }

    @Test
    void thePropertyTurnsTheVectorLoopsOff() throws Exception {
        assertThat(child(List.of("--add-modules", "jdk.incubator.vector", "-D" + VectorApi.PROPERTY + "=false")))
                .isEqualTo("available=false hash=" + hash());
    }

    /** The child: says whether the vector loops are available and hashes the preprocessed test image. */
    public static void main(String[] args) {
        System.out.println("available=" + VectorApi.available() + " hash=" + hash());
    }

    private static int hash() {
        ClipImagePreprocessor p = new ClipImagePreprocessor(PreprocessorConfig.clipDefaults(224));
        BufferedImage image = new BufferedImage(401, 333, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(3);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return Arrays.hashCode(p.preprocess(image));
    }

    private static String child(List<String> jvmFlags) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                VectorFallbackTest.class.getName()));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }
}
