package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitterTest {
    @Test
    void deterministicPerSeedAndRoughlyProportional() {
        Splitter s = Splitter.parse("0.7,0.2,0.1", 42);
        Splitter again = Splitter.parse("0.7, 0.2, 0.1", 42);
        Splitter other = Splitter.parse("0.7,0.2,0.1", 43);
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        int differ = 0;
        for (int i = 0; i < 10_000; i++) {
            String sha = Sha256.of(("image" + i).getBytes());
            Split a = s.assign(sha);
            assertThat(again.assign(sha)).isEqualTo(a);
            differ += other.assign(sha) != a ? 1 : 0;
            counts.merge(a, 1, Integer::sum);
        }
        assertThat(counts.get(Split.TRAIN)).isBetween(6800, 7200);
        assertThat(counts.get(Split.VALID)).isBetween(1850, 2150);
        assertThat(counts.get(Split.TEST)).isBetween(900, 1100);
        assertThat(differ).as("another seed gives another split").isGreaterThan(3000);
    }

    @Test
    void twoRatiosMeanNoTest() {
        Splitter s = Splitter.parse("0.5,0.5", 1);
        for (int i = 0; i < 1000; i++) {
            assertThat(s.assign(Sha256.of(new byte[] {(byte) i, (byte) (i >> 8)}))).isNotEqualTo(Split.TEST);
        }
    }

    @Test
    void refusesBadRatios() {
        assertThatThrownBy(() -> Splitter.parse("0.7,0.2", 1)).hasMessageContaining("add up to 1");
        assertThatThrownBy(() -> Splitter.parse("a,b", 1)).hasMessageContaining("must be numbers");
        assertThatThrownBy(() -> Splitter.parse("1", 1)).hasMessageContaining("train,valid");
        assertThatThrownBy(() -> Splitter.parse("-0.5,1.5", 1)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> Splitter.parse("0,1,0", 1)).hasMessageContaining("train ratio is 0");
    }
}
