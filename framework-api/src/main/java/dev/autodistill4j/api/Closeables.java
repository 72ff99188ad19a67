package dev.autodistill4j.api;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one close-all of the project: closes every resource of a multi-resource close path in order, even when an
 * earlier one throws, so a failing writer never leaks its directory or lock; the first failure is the one
 * reported and the others are added to it as suppressed rather than dropped.
 */
public final class Closeables {
    private Closeables() {
    }

    /**
     * Closes each non-null resource in order. Throws the first failure (an {@link IOException} wrapped in an
     * {@link UncheckedIOException} naming {@code what}) with the later ones suppressed; returns when all closed.
     */
    public static void closeAll(String what, AutoCloseable... resources) {
        Throwable first = closeEach(null, resources);
        if (first == null) {
            return;
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first instanceof IOException e) {
            throw new UncheckedIOException("closing " + what, e);
        }
        throw new Autodistill4jException("closing " + what + ": " + first.getMessage(), first);
    }

    /**
     * Closes each non-null resource in order after {@code primary} made the caller give up (a constructor or
     * load that failed half-way): every resource is closed, and each close failure is added to {@code primary}
     * as suppressed, so the reason the work failed stays the one reported. Returns normally.
     */
    public static void closeAfterFailure(Throwable primary, AutoCloseable... resources) {
        closeEach(primary, resources);
    }

    /**
     * Closes every non-null resource; each failure is suppressed on {@code first} (or, while it is null, becomes
     * it). Returns {@code first}, or the first failure when it was null.
     */
    private static Throwable closeEach(Throwable first, AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Throwable t) {
                if (first == null) {
                    first = t;
                } else if (first != t) {
                    first.addSuppressed(t);
                }
            }
        }
        return first;
    }
}
