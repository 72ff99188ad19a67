package dev.autodistill4j.cli.curation;

import dev.autodistill4j.cli.support.NumericOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.curation.CurationException;
import dev.autodistill4j.curation.MatcherBenchmark;
import dev.autodistill4j.curation.Metadata;
import dev.autodistill4j.curation.SubstringMatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench-curate}: texts/s of the curation matcher on one core and on all cores, against the reference
 * Python loop's 54.4 texts/s on one core (measured by the fixture's author, not in this run) and against the
 * same loop run in Java here; and the table's memory for synthetic metadata (500k entries by default).
 */
@Command(name = "bench-curate", mixinStandardHelpOptions = true,
        description = {"Benchmark curation matching: texts/s per core on --metadata/--texts (e.g. the curation "
                + "fixture) vs the reference's 54.4 texts/s/core, and the lookup table's memory for --entries "
                + "synthetic entries. One JSON line per measurement."})
public final class BenchCurateCommand implements CliCommand {
    /** The reference's pure-Python substr_matching on the fixture (141,593 entries), from the fixture README. */
    static final double REFERENCE_TEXTS_PER_SECOND = 54.4;
    /** The same run per CPU-second: 20,000 texts in 355.5 s of CPU. */
    static final double REFERENCE_TEXTS_PER_CPU_SECOND = 20_000 / 355.5;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--metadata", paramLabel = "FILE", description = "metadata.json (e.g. fixtures/curation/metadata.json).")
    Path metadata;

    @Option(names = "--texts", paramLabel = "FILE.jsonl", description = "Texts with a \"text\" field.")
    Path texts;

    @Option(names = "--entries", converter = NumericOptions.NonNegative.class, defaultValue = "500000", description = "Synthetic entries for the memory measure (default: ${DEFAULT-VALUE}; 0 = skip).")
    int entries;

    @Option(names = "--seconds", converter = NumericOptions.Seconds.class, defaultValue = "3", description = "Seconds per throughput measure (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--threads", converter = NumericOptions.Positive.class, description = "Threads of the all-cores measure (default: the number of cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if ((metadata == null) != (texts == null)) {
            throw new CurationException("give both --metadata and --texts, or neither (then only the memory is measured)");
        }
        JsonLines out = new JsonLines(spec.commandLine().getOut());
        int cores = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        List<String> textList = texts == null ? List.of() : readTexts(texts);
        if (metadata != null) {
            Metadata md = Metadata.load(metadata);
            SubstringMatcher matcher = SubstringMatcher.build(md);
            MatcherBenchmark.matching(matcher, textList, 1, Math.min(1, seconds)); // warm-up
            MatcherBenchmark.Throughput one = MatcherBenchmark.matching(matcher, textList, 1, seconds);
            out.write(row("match", md.size(), one, 1));
            if (cores > 1) {
                out.write(row("match", md.size(), MatcherBenchmark.matching(matcher, textList, cores, seconds), cores));
            }
            MatcherBenchmark.Throughput ref = MatcherBenchmark.referenceLoop(md.entries(), textList, seconds);
            Map<String, Object> r = row("reference-loop-java", md.size(), ref, 1);
            r.put("matcher_speedup", one.textsPerSecond() / ref.textsPerSecond());
            r.put("matcher_speedup_per_cpu_s", one.textsPerCpuSecond() / ref.textsPerCpuSecond());
            out.write(r);
        }
        if (entries > 0) {
            List<String> synthetic = MatcherBenchmark.syntheticEntries(entries, 42);
            MatcherBenchmark.TableSize size = MatcherBenchmark.tableSize(synthetic);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bench", "table");
            m.put("entries", size.entries());
            m.put("build_s", size.buildSeconds());
            m.put("table_mib", size.tableBytes() / 1048576.0);
            m.put("heap_added_mib", size.heapBytes() / 1048576.0);
            m.put("entry_strings_mib", synthetic.stream().mapToLong(e -> 40L + e.length()).sum() / 1048576.0);
            out.write(m);
            if (!textList.isEmpty()) {
                SubstringMatcher big = SubstringMatcher.build(synthetic);
                out.write(row("match-synthetic", entries, MatcherBenchmark.matching(big, textList, 1, seconds), 1));
            }
        }
        spec.commandLine().getErr().println("machine: " + cpuName() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, java " + System.getProperty("java.version"));
        return 0;
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
        m.put("cpu", cpuName());
        return m;
    }

    private static List<String> readTexts(Path file) throws IOException {
        ObjectMapper json = JsonLines.mapper();
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

    static String cpuName() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
