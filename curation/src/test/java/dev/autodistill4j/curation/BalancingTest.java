package dev.autodistill4j.curation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Balancing formulas, decision rules and the seeded draw stream. */
class BalancingTest {
    @Test
    void entryAndTextProbabilities() {
        Counts c = Counts.of(new long[] {0, 5, 20, 21, 80}, 100);
        Balancing b = Balancing.of(c, 20);
        assertThat(b.entryProbability(0)).isEqualTo(1.0);
        assertThat(b.entryProbability(2)).isEqualTo(1.0);
        assertThat(b.entryProbability(3)).isEqualTo(20.0 / 21.0);
        assertThat(b.entryProbability(4)).isEqualTo(0.25);
        assertThat(b.textProbability(new int[0])).isEqualTo(0.0);
        assertThat(b.textProbability(new int[] {4})).isEqualTo(0.25);
        assertThat(b.textProbability(new int[] {3, 4})).isEqualTo(1.0 - (1.0 - 20.0 / 21.0) * 0.75);
        assertThat(b.textProbability(new int[] {1, 4})).isEqualTo(1.0);
    }

    @Test
    void decisionRulesFollowTheReferenceComparisons() {
        assertThat(Balancing.keepPerText(new int[] {1}, 0.25, 0.25)).isTrue(); // dropped only when prob < draw
        assertThat(Balancing.keepPerText(new int[] {1}, 0.25, Math.nextUp(0.25))).isFalse();
        assertThat(Balancing.keepPerText(new int[0], 0.0, 0.0)).isFalse();
        Balancing b = Balancing.of(Counts.of(new long[] {80, 80}, 80), 20);
        List<Double> stream = new ArrayList<>(List.of(0.25, 0.1, 0.9));
        assertThat(b.keepSequential(new int[] {0, 1}, () -> stream.remove(0))).isTrue(); // 0.25 !< 0.25, 0.1 < 0.25
        assertThat(stream).containsExactly(0.9);
        assertThatThrownBy(() -> Balancing.of(Counts.of(new long[] {1}, 1), 0)).hasMessageContaining("t must be at least 1");
    }

    @Test
    void seededDrawsAreSplitMix64AsInThePythonSnippetOfTheDocs() {
        SeededDraws d = new SeededDraws(42);
        // computed independently with the 8-line Python version in docs/curation.md
        assertThat(d.getAsDouble()).isEqualTo(0.7415648787718233);
        assertThat(d.getAsDouble()).isEqualTo(0.1599103928769201);
        assertThat(d.getAsDouble()).isEqualTo(0.27860113025513866);
    }

    @Test
    void countsRejectForeignMerges() {
        assertThatThrownBy(() -> new Counts(3).merge(new Counts(4))).hasMessageContaining("different metadata");
    }
}
