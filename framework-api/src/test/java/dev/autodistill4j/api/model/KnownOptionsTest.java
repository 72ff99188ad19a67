package dev.autodistill4j.api.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Default-deny for provider options: an unknown key names itself and every known one; known keys pass. */
class KnownOptionsTest {
    private static final List<String> KNOWN = List.of("threads=<1..1024>", "spin=true|false");

    @Test
    void anUnknownKeyIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> KnownOptions.require("onnx", Map.of("threads", "2", "thread", "2"), KNOWN))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("unknown onnx option 'thread': the options are threads=<1..1024>, spin=true|false "
                        + "(`model-option` KEY=VALUE)");
    }

    @Test
    void knownKeysPassAndAProviderWithoutOptionsSaysSo() {
        assertThatCode(() -> KnownOptions.require("onnx", Map.of("spin", "true"), KNOWN)).doesNotThrowAnyException();
        assertThatThrownBy(() -> KnownOptions.require("x", Map.of("a", "1"), List.of()))
                .hasMessageContaining("the options are none");
    }
}
