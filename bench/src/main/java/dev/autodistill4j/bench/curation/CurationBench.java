package dev.autodistill4j.bench.curation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.bench.Machine;
import dev.autodistill4j.curation.CurationException;
import dev.autodistill4j.curation.Metadata;
import dev.autodistill4j.curation.SubstringMatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The {@code bench-curate} run: texts/s of the curation matcher on one core and on all cores, against the
 * reference Python loop's 54.4 texts/s on one core (measured by the fixture's author, not in this run) and
 * against the same loop run in Java here; and the lookup table's memory for synthetic metadata.
 *
 * <p>Rows are insertion-ordered maps keyed by the JSON field names {@code bench-curate} prints: {@code match},
 * {@code match-synthetic} and {@code reference-loop-java} throughput rows, and one {@code table} row.
 */
public final class CurationBench {
    /** The reference's pure-Python substr_matching on the fixture (141,593 entries), from the fixture README. */
    public static final double REFERENCE_TEXTS_PER_SECOND = 54.4;
    /** The same run per CPU-second: 20,000 texts in 355.5 s of CPU. */
    public static final double REFERENCE_TEXTS_PER_CPU_SECOND = 20_000 / 355.5;

    /**
     * What to measure.
     *
     * @param metadata metadata.json to match against, or null (then only the table memory is measured)
     * @param texts    JSON lines with a {@code "text"} field; given exactly when {@code metadata} is
     * @param entries  synthetic entries for the memory measure; 0 skips it
     * @param seconds  seconds per throughput measure
     * @param threads  threads of the all-cores measure
     */
    public record Config(Path metadata, Path texts, int entries, double seconds, int threads) {
    }

    private CurationBench() {
    }

    /** Runs every measure {@code config} asks for, handing each row to {@code rows} as it is measured. */
    public static void run(Config config, Consumer<Map<String, Object>> rows) throws Exception {
        if ((config.metadata() == null) != (config.texts() == null)) {
            throw new CurationException("give both `metadata` and `texts`, or neither (then only the memory is "
                    + "measured)");
        }
        double seconds = config.seconds();
        int cores = config.threads();
        List<String> textList = config.texts() == null ? List.of() : readTexts(config.texts());
        if (config.metadata() != null) {
            Metadata md = Metadata.load(config.metadata());
            SubstringMatcher matcher = SubstringMatcher.build(md);
            MatcherBenchmark.matching(matcher, textList, 1, Math.min(1, seconds)); // warm-up
            MatcherBenchmark.Throughput one = MatcherBenchmark.matching(matcher, textList, 1, seconds);
            rows.accept(row("match", md.size(), one, 1));
            if (cores > 1) {
                rows.accept(row("match", md.size(), MatcherBenchmark.matching(matcher, textList, cores, seconds),
                        cores));
            }
            MatcherBenchmark.Throughput ref = MatcherBenchmark.referenceLoop(md.entries(), textList, seconds);
            Map<String, Object> r = row("reference-loop-java", md.size(), ref, 1);
            r.put("matcher_speedup", one.textsPerSecond() / ref.textsPerSecond());
            r.put("matcher_speedup_per_cpu_s", one.textsPerCpuSecond() / ref.textsPerCpuSecond());
            rows.accept(r);
        }
        if (config.entries() > 0) {
            table(config.entries(), textList, seconds, rows);
        }
    }

    private static void table(int entries, List<String> textList, double seconds,
                              Consumer<Map<String, Object>> rows) throws Exception {
        List<String> synthetic = MatcherBenchmark.syntheticEntries(entries, 42);
        MatcherBenchmark.TableSize size = MatcherBenchmark.tableSize(synthetic);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bench", "table");
        m.put("entries", size.entries());
        m.put("build_s", size.buildSeconds());
        m.put("table_mib", size.tableBytes() / 1048576.0);
        m.put("heap_added_mib", size.heapBytes() / 1048576.0);
        m.put("entry_strings_mib", synthetic.stream().mapToLong(e -> 40L + e.length()).sum() / 1048576.0);
        rows.accept(m);
        if (!textList.isEmpty()) {
            SubstringMatcher big = SubstringMatcher.build(synthetic);
            rows.accept(row("match-synthetic", entries, MatcherBenchmark.matching(big, textList, 1, seconds), 1));
        }
    }

    private static Map<String, Object> row(String bench, int entries, MatcherBenchmark.Throughput t, int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bench", bench);
        m.put("entries", entries);
        m.put("threads", threads);
        m.put("texts", t.texts());
        m.put("seconds", t.seconds());
        m.put("texts_per_s", t.textsPerSecond());
        m.put("texts_per_s_per_core", t.textsPerSecond() / threads);
        m.put("vs_reference_per_core", t.textsPerSecond() / threads / REFERENCE_TEXTS_PER_SECOND);
        m.put("texts_per_cpu_s", t.textsPerCpuSecond());
        m.put("vs_reference_per_cpu_s", t.textsPerCpuSecond() / REFERENCE_TEXTS_PER_CPU_SECOND);
        m.put("reference", "MetaCLIP substr_matching, Python 3.11.7, one core of an AMD EPYC: 54.4 texts/s wall, "
                + "56.3 per CPU-second (measured by the fixture's author, not in this run)");
        m.put("cpu", Machine.cpuName());
        return m;
    }

    private static List<String> readTexts(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.isBlank()) {
                    out.add(json.readTree(line).path("text").asText(""));
                }
            }
        } catch (IOException e) {
            throw new CurationException("cannot read " + file + " as JSON lines: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new CurationException(file + " holds no texts");
        }
        return out;
    }
}
