package dev.autodistill4j.metaclip.preprocess;

/**
 * Whether the preprocessing loops run on the Vector API in this JVM. They can when the incubator module
 * {@code jdk.incubator.vector} is in the boot layer (the launcher, the test forks and Spark's executors start the JVM
 * with {@code --add-modules jdk.incubator.vector}) and the CPU has vectors of at least 128 bits; otherwise — a
 * library user's JVM started without the module, an old CPU, or {@code -Dautodistill4j.vectorApi=false} — the
 * scalar loops run. Both give identical results: the vector loops do the same integer and IEEE float operations
 * per pixel (integer sums are exact in any order), which the tests check against the scalar reference.
 *
 * <p>Why a warm-up: until the JIT's optimising compiler has compiled them, Vector API loops run as ordinary Java
 * objects, some 50× slower than the scalar loops (measured: the first 640×480 image took 2.7 s instead of 0.08 s on
 * the loaded 2-core machine). So the first call starts {@link VectorWarmUp} on a daemon thread and the scalar
 * loops serve until it is done; a one-image command never waits for it, a long run switches after a few images.
 *
 * <p>The classes that name {@code jdk.incubator.vector} types ({@link BicubicTapsVector},
 * {@link NormalizeVector}) are only loaded after the module check says yes, so their absence costs nothing.
 */
public final class VectorApi {
    /** System property that turns the vector loops off when set to {@code false}. */
    public static final String PROPERTY = "autodistill4j.vectorApi";
    private static final boolean AVAILABLE = detect();
    private static volatile boolean warm;
    private static boolean warmUpStarted;

    private VectorApi() {
    }

    /** True when this JVM can run the vector loops (module present, vectors of 128 bits or more, not turned off). */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * True when the preprocessing uses the vector loops now: available and warmed up. The first call starts the
     * warm-up; until it has finished this answers false.
     */
    public static boolean enabled() {
        if (!AVAILABLE) {
            return false;
        }
        if (!warm) {
            startWarmUp();
        }
        return warm;
    }

    /** Fails when {@code vector} loops are asked for in a JVM that cannot run them. */
    static void require(boolean vector) {
        if (vector && !AVAILABLE) {
            throw new IllegalStateException("the Vector API loops need the jdk.incubator.vector module (start the JVM "
                    + "with --add-modules jdk.incubator.vector) and -D" + PROPERTY + " not false");
        }
    }

    private static synchronized void startWarmUp() {
        if (warmUpStarted) {
            return;
        }
        warmUpStarted = true;
        Thread.ofPlatform().daemon().name("autodistill4j-vector-warm-up").priority(Thread.MIN_PRIORITY)
                .start(() -> {
                    VectorWarmUp.run();
                    warm = true;
                });
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").strip())) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return BicubicTapsVector.usable();
        } catch (LinkageError e) { // a JDK whose incubator API differs from the one compiled against
            return false;
        }
    }
}
