package dev.autodistill4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a benchmark row records about the machine it was measured on. */
public final class Machine {
    private Machine() {
    }

    /** The CPU's model name from /proc/cpuinfo (what lscpu shows), or os.arch where that is unreadable. */
    public static String cpuName() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    /** One line naming the machine, the cores and the JVM, printed on stderr after a benchmark. */
    public static String describe() {
        return cpuName() + ", " + Runtime.getRuntime().availableProcessors() + " cores, java "
                + System.getProperty("java.version");
    }
}
