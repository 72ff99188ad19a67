package dev.autodistill4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads reference data that tests ship as class-path resources, failing loudly when one is missing. */
public final class TestResources {
    private TestResources() {
    }

    /** The bytes of {@code name}, resolved relative to {@code anchor}'s package. */
    public static byte[] bytes(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing beside " + anchor.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-blank lines of a UTF-8 text resource (e.g. a cases table). */
    public static List<String> lines(Class<?> anchor, String name) {
        return new String(bytes(anchor, name), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
