package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.metaclip.model.ClipEncoder;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 21 item 7: a model whose tokenizer fails to close still closes its network (native memory), and when
 * both fail the second failure is suppressed on the first rather than replacing it.
 */
class ClipEmbeddingModelCloseTest {
    private final List<String> closed = new ArrayList<>();

    @Test
    void aFailingTokenizerStillClosesTheNetworkAndBothFailuresAreKept() {
        ClipEmbeddingModel<ClipEncoder> model = model(true, true);
        assertThatThrownBy(model::close).isInstanceOf(IllegalStateException.class).hasMessage("tokenizer broke")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("network broke")));
        assertThat(closed).containsExactly("tokenizer", "network");
        assertThatCode(model::close).as("closed once").doesNotThrowAnyException();
        assertThat(closed).hasSize(2);
    }

    @Test
    void aFailingTokenizerAloneIsThrownAfterTheNetworkClosed() {
        assertThatThrownBy(model(true, false)::close).hasMessage("tokenizer broke");
        assertThat(closed).containsExactly("tokenizer", "network");
    }

    private ClipEmbeddingModel<ClipEncoder> model(boolean tokenizerFails, boolean networkFails) {
        ModelInfo info = new ModelInfo("metaclip", "fake", null, null, null, Map.of());
        return new ClipEmbeddingModel<>(closing(ClipEncoder.class, "network", networkFails),
                closing(TextTokenizer.class, "tokenizer", tokenizerFails), null, info, 1) {
        };
    }

    /** A {@code type} whose only working method is {@code close()}, which records {@code name} (and may throw). */
    private <T> T closing(Class<T> type, String name, boolean fails) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (!m.getName().equals("close")) {
                throw new UnsupportedOperationException(m.getName());
            }
            closed.add(name);
            if (fails) {
                throw new IllegalStateException(name + " broke");
            }
            return null;
        }));
    }
}
