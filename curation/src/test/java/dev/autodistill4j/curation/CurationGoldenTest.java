package dev.autodistill4j.curation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Java API against the reference's own outputs (fixture {@code curation/}, MetaCLIP at commit f47f784):
 * every match list, every count, entry and text probabilities within 1e-12, and the kept ids of both variants
 * when the reference's saved draws are replayed.
 */
class CurationGoldenTest {
    private static Path dir;
    private static Metadata metadata;
    private static List<String> texts;
    private static List<int[]> expectedMatches;
    private static JsonNode balance;

    @BeforeAll
    static void load() {
        dir = CurationFixtures.dir();
        metadata = Metadata.load(dir.resolve("metadata.json"));
        texts = CurationFixtures.texts(dir);
        expectedMatches = CurationFixtures.matches(dir.resolve("matches.jsonl"));
        balance = CurationFixtures.json(dir.resolve("balance.json"));
    }

    @Test
    void everyMatchListIsTheReferences() {
        assertThat(metadata.size()).isEqualTo(141_593);
        SubstringMatcher matcher = SubstringMatcher.build(metadata);
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!Arrays.equals(matcher.match(texts.get(i)), expectedMatches.get(i))) {
                wrong.add(i);
            }
        }
        assertThat(wrong).as("ids whose match list differs").isEmpty();
        assertThat(texts).hasSize(20_000);
    }

    @Test
    void countsAndProbabilitiesAreTheReferences() {
        Counts counts = countsOf(expectedMatches);
        JsonNode fixture = CurationFixtures.json(dir.resolve("counts.json"));
        assertThat(counts.toArray()).isEqualTo(CurationFixtures.longs(fixture.get("counts")));
        Balancing b = Balancing.of(counts, balance.get("t").longValue());
        JsonNode sparse = balance.get("entry_prob");
        double def = balance.get("entry_prob_default").doubleValue();
        int belowOne = 0;
        for (int e = 0; e < counts.entries(); e++) {
            JsonNode p = sparse.get(Integer.toString(e));
            assertThat(b.entryProbability(e)).as("entry %d", e).isCloseTo(p == null ? def : p.doubleValue(), within(1e-12));
            belowOne += b.entryProbability(e) < 1.0 ? 1 : 0;
        }
        assertThat(belowOne).isEqualTo(sparse.size()).isEqualTo(558);
        JsonNode textProb = balance.get("text_prob");
        for (int i = 0; i < expectedMatches.size(); i++) {
            assertThat(b.textProbability(expectedMatches.get(i))).as("text %d", i)
                    .isCloseTo(textProb.get(i).doubleValue(), within(1e-12));
        }
    }

    @Test
    void keptIdsOfBothVariantsAreTheReferences() {
        Balancing b = Balancing.of(countsOf(expectedMatches), 20);
        DoubleSupplier draws = replay(balance.get("draws"));
        List<Long> kept = new ArrayList<>();
        for (int i = 0; i < expectedMatches.size(); i++) {
            int[] m = expectedMatches.get(i);
            if (Balancing.keepPerText(m, b.textProbability(m), draws.getAsDouble())) {
                kept.add((long) i);
            }
        }
        assertThat(kept).containsExactlyElementsOf(ids(balance.get("kept_ids"))).hasSize(12_852);

        JsonNode seq = balance.get("sequential");
        int[] used = {0};
        DoubleSupplier stream = replay(seq.get("draw_stream"));
        DoubleSupplier countedStream = () -> {
            used[0]++;
            return stream.getAsDouble();
        };
        List<Long> keptSeq = new ArrayList<>();
        for (int i = 0; i < expectedMatches.size(); i++) {
            if (b.keepSequential(expectedMatches.get(i), countedStream)) {
                keptSeq.add((long) i);
            }
        }
        assertThat(keptSeq).containsExactlyElementsOf(ids(seq.get("kept_ids"))).hasSize(12_863);
        assertThat(used[0]).isEqualTo(seq.get("draw_stream").size()).isEqualTo(34_628);
    }

    @Test
    void partialCountsMergeToTheWhole() {
        Counts whole = countsOf(expectedMatches);
        Counts a = countsOf(expectedMatches.subList(0, 7_001));
        Counts b = countsOf(expectedMatches.subList(7_001, 20_000));
        assertThat(a.merge(b)).isEqualTo(whole);
        assertThat(whole.texts()).isEqualTo(20_000);
    }

    static Counts countsOf(List<int[]> matches) {
        Counts c = new Counts(metadata.size());
        matches.forEach(c::add);
        return c;
    }

    static DoubleSupplier replay(JsonNode values) {
        Iterator<JsonNode> it = values.elements();
        return () -> it.next().doubleValue();
    }

    static List<Long> ids(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.longValue()));
        return out;
    }
}
