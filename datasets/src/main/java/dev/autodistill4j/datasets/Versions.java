package dev.autodistill4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The versions that provenance records (dataset {@code run.json}, trained {@code model.json}, ONNX exports,
 * curation runs, {@code --version}): one source for all of them, written into this module's
 * {@code versions.properties} by the build, so they are real whether the code runs from a jar or from
 * {@code target/classes} (where a jar manifest's {@code Implementation-Version} is absent). It lives in the
 * lowest module so that every other module reads the same values.
 */
public final class Versions {
    private static final Properties BUILD = load();

    private Versions() {
    }

    /** This build of autodistill4j, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String autodistill4j() {
        return BUILD.getProperty("autodistill4j");
    }

    /** The DJL version this build was compiled against. */
    public static String djlBuild() {
        return BUILD.getProperty("djl");
    }

    /** autodistill4j, Java and OS versions, in that order, for a provenance record. */
    public static Map<String, String> runtime() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("autodistill4j", autodistill4j());
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the datasets jar: a broken build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
