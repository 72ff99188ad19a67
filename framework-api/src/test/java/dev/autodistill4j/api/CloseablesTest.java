package dev.autodistill4j.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 21 item 7: a close path whose first close throws still closes the rest; later failures are suppressed. */
class CloseablesTest {
    @Test
    void firstFailureThrownRestClosedAndSuppressed() {
        List<String> closed = new ArrayList<>();
        IOException first = new IOException("writer broke");
        IllegalStateException second = new IllegalStateException("lock broke");
        assertThatThrownBy(() -> Closeables.closeAll("the index",
                () -> { closed.add("writer"); throw first; },
                () -> closed.add("directory"),
                null,
                () -> { closed.add("lock"); throw second; }))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("closing the index")
                .cause().isSameAs(first);
        assertThat(closed).containsExactly("writer", "directory", "lock");
        assertThat(first.getSuppressed()).containsExactly(second);
    }

    @Test
    void allClosedWithoutFailureReturns() {
        List<String> closed = new ArrayList<>();
        Closeables.closeAll("x", () -> closed.add("a"), () -> closed.add("b"));
        assertThat(closed).containsExactly("a", "b");
    }

    @Test
    void afterAFailureEveryResourceIsClosedAndItsFailureSuppressedOnThePrimary() {
        List<String> closed = new ArrayList<>();
        RuntimeException primary = new IllegalArgumentException("load failed");
        IllegalStateException broke = new IllegalStateException("tokenizer broke");
        Closeables.closeAfterFailure(primary,
                () -> { closed.add("tokenizer"); throw broke; },
                null,
                () -> closed.add("network"));
        assertThat(closed).containsExactly("tokenizer", "network");
        assertThat(primary.getSuppressed()).containsExactly(broke);
    }
}
