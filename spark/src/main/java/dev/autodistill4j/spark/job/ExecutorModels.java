package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model per executor JVM: the first task that needs a model loads it, every later task and row of that JVM
 * (all task threads of the executor) reuses it. Loading is lazy — an executor that never gets a task never
 * loads — and happens at most once per {@link ModelKey}, under a lock, so two task threads starting together
 * do not load two copies. After loading, the checkpoint's sha256 is compared with the driver's: an executor
 * that sees other weights (a stale copy on a node, a half-synced share) fails its tasks with a message naming
 * both hashes instead of silently labelling with another model.
 *
 * <p>Models stay loaded until the JVM exits (a shutdown hook closes them): Spark reuses executor JVMs across
 * tasks and jobs, which is exactly the reuse wanted. Model calls are serialised per model
 * ({@link #call}): the engine parallelises one forward pass over the cores itself, so concurrent task threads
 * overlap decoding and I/O with the model instead of fighting over the cores.
 */
public final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<ModelKey, BaseModel> MODELS = new ConcurrentHashMap<>();
    private static final Object LOAD_LOCK = new Object();
    private static final AtomicInteger LOADS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "autodistill4j-models-close"));
    }

    private ExecutorModels() {
    }

    /** The model of {@code key}, loading and checking it the first time in this JVM. */
    public static BaseModel get(ModelKey key) {
        BaseModel model = MODELS.get(key);
        if (model != null) {
            return model;
        }
        synchronized (LOAD_LOCK) {
            model = MODELS.get(key);
            if (model == null) {
                model = load(key);
                MODELS.put(key, model);
            }
            return model;
        }
    }

    /**
     * Registers a model the driver already loaded, so that in {@code local[N]} mode (driver and executors in one
     * JVM) the tasks reuse it instead of loading a second copy. False when this JVM already holds one (the
     * caller then keeps, and closes, its own).
     */
    public static boolean register(ModelKey key, BaseModel model) {
        verify(key, model);
        return MODELS.putIfAbsent(key, model) == null;
    }

    /** Removes and closes the model of {@code key} (the driver's copy, at the end of a job); false if none. */
    public static boolean release(ModelKey key) {
        BaseModel m = MODELS.remove(key);
        if (m != null) {
            m.close();
        }
        return m != null;
    }

    /** How many models this JVM has loaded through {@link #get} (the tests' proof of "once per JVM"). */
    public static int loads() {
        return LOADS.get();
    }

    /** Runs one model call, one at a time per model. */
    public static <T> T call(BaseModel model, java.util.function.Supplier<T> work) {
        synchronized (model) {
            return work.get();
        }
    }

    private static BaseModel load(ModelKey key) {
        long start = System.nanoTime();
        ModelLocation.requireOnExecutor(key);
        BaseModel model = BaseModelRegistry.discover().load(key.spec(), key.request());
        try {
            verify(key, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        LOADS.incrementAndGet();
        LOG.info("executor loaded {} in {} ms (sha256 {})", key.spec(), (System.nanoTime() - start) / 1_000_000,
                model.info().checkpointSha256());
        return model;
    }

    private static void verify(ModelKey key, BaseModel model) {
        String expected = key.checkpointSha256();
        String actual = model.info().checkpointSha256();
        if (expected != null && !expected.equals(actual)) {
            throw new ModelLoadException("model " + key.spec() + " on this executor has checkpoint sha256 " + actual
                    + " but the driver's has " + expected + ": every executor must read the same weights — point "
                    + "`model` at a shared path or ship the checkpoint with spark-submit --archives (docs/spark.md)");
        }
    }

    private static void closeAll() {
        for (BaseModel m : MODELS.values()) {
            try {
                m.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a model at exit failed: {}", e.toString());
            }
        }
        MODELS.clear();
    }
}
