package dev.autodistill4j.api.spi;

/**
 * Whether one loaded model may be called from several threads at once ({@code embedImages}, {@code embedTexts},
 * {@code predictBatch} on the same object), as a provider declares it with
 * {@link BaseModelProvider#threadSafety()}. A server or a Spark executor may share a thread-safe model between
 * its threads; any other model is called by one thread at a time.
 */
public enum ThreadSafety {
    /** Concurrent calls are allowed and give the same results as the same calls one after the other. */
    THREAD_SAFE,
    /** Callers must not call one model from two threads at once (they serialise, or load one per thread). */
    NOT_THREAD_SAFE,
    /**
     * The provider has not said (the default for providers written before the question was asked): callers treat
     * it as {@link #NOT_THREAD_SAFE}, and the provider contract fails until the provider declares one of the two.
     */
    UNDECLARED
}
