package dev.autodistill4j.search;

import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.Version;

import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which vector code Lucene scores with in this JVM, for benchmark reports: Lucene 10 picks its Panama (Vector
 * API) implementation when the {@code jdk.incubator.vector} module is in the boot layer
 * ({@code --add-modules jdk.incubator.vector}) and the JDK is one it supports, else its scalar one — a 5–10×
 * difference on distance computations that a benchmark must name. Lucene keeps the choice in
 * {@code VectorUtil}'s private {@code IMPL} field (its provider refuses callers outside Lucene), so this reads that
 * field; should a Lucene version rename it, the answer says "unknown" rather than failing a benchmark.
 */
public final class LuceneVectorization {
    /** Held so that its level sticks: java.util.logging keeps loggers only weakly. */
    private static final Logger SETUP_LOG = Logger.getLogger("org.apache.lucene.internal.vectorization");

    private LuceneVectorization() {
    }

    /**
     * Keeps Lucene's start-up notice ("Java vector incubator API enabled; uses preferredBitSize=…", two lines of
     * java.util.logging INFO on stderr at the first vector operation) out of a command's stderr, where progress and
     * errors go; its warnings (e.g. the Vector API module missing) still show. {@link #describe} says the same on
     * demand. Call before Lucene is first used.
     */
    public static void quietStartupNotice() {
        SETUP_LOG.setLevel(Level.WARNING);
    }

    /** Lucene's implementation class, e.g. {@code PanamaVectorUtilSupport} or {@code DefaultVectorUtilSupport}. */
    public static String implementation() {
        try {
            Field impl = VectorUtil.class.getDeclaredField("IMPL");
            impl.setAccessible(true);
            return impl.get(null).getClass().getSimpleName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** True when the Vector API module is readable (the JVM was started with it). */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** One line: Lucene's version, its vector implementation and whether the Vector API module is there. */
    public static String describe() {
        return "Lucene " + Version.LATEST + ", vectors scored by " + implementation() + " (jdk.incubator.vector "
                + (vectorModulePresent() ? "present" : "absent: start the JVM with --add-modules jdk.incubator.vector")
                + ")";
    }
}
