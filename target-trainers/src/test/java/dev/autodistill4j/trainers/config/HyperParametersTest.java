package dev.autodistill4j.trainers.config;

import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HyperParametersTest {
    private static final Set<String> KNOWN = Set.of("lr", "widths", "refit");

    private static TrainingRequest request(Map<String, String> params) {
        return TrainingRequest.builder(Path.of("data"), Path.of("out")).params(params).build();
    }

    @Test
    void unknownKeysAreRefusedListingTheKnownOnesSorted() {
        assertThatThrownBy(() -> HyperParameters.of("toy", request(Map.of("lerning-rate", "1")), KNOWN))
                .isInstanceOf(TrainingException.class)
                .hasMessage("unknown toy hyper-parameter 'lerning-rate': known ones are [lr, refit, widths]; "
                        + "fix or drop -p lerning-rate=...");
        assertThatThrownBy(() -> HyperParameters.of("toy", request(Map.of("epochs", "3")), KNOWN))
                .hasMessageContaining("`epochs` N");
    }

    @Test
    void valuesAreTypedAndRangeCheckedNamingTheKey() {
        HyperParameters p = HyperParameters.of("toy", request(Map.of("lr", "0.5", "refit", "no")), KNOWN);
        assertThat(p.decimal("lr", 0.1, 0, false, 1, true)).isEqualTo(0.5);
        assertThat(p.bool("refit", true)).isFalse();
        assertThat(p.integer("widths", 7, 1, 9)).isEqualTo(7);
        assertThatThrownBy(() -> p.decimal("lr", 0.1, 0, false, 0.5, false))
                .isInstanceOf(TrainingException.class)
                .hasMessage("toy hyper-parameter lr=0.5 is out of range: give 0.0 < lr < 0.5 (-p lr=...)");
        HyperParameters bad = HyperParameters.of("toy", request(Map.of("widths", "x")), KNOWN);
        assertThatThrownBy(() -> bad.integer("widths", 1, 1, 9)).hasMessageContaining("widths=x is not an integer");
    }
}
