package dev.autodistill4j.cli.curation;

import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.curation.Balancing;
import dev.autodistill4j.curation.CurationException;
import dev.autodistill4j.curation.CurationJob;
import dev.autodistill4j.curation.CurationResult;
import dev.autodistill4j.curation.CurationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code curate}: MetaCLIP curation of alt-texts — substring matching against metadata, then balancing at t. */
@Command(name = "curate", mixinStandardHelpOptions = true,
        description = {"MetaCLIP curation, exactly as the reference: match each alt-text against the metadata "
                + "entries (MetaCLIP 1 substring rules), count texts per entry, keep each text with probability "
                + "1 - prod(1 - t/max(count, t)). Writes OUT/matches.jsonl, counts.json, kept.jsonl, run.json; "
                + "prints one JSON summary line. See docs/curation.md."})
public final class CurateCommand implements CliCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--metadata", required = true, paramLabel = "FILE",
            description = "metadata.json: a JSON list of entry strings (Meta's 500k list, CC-BY-NC, is not shipped).")
    Path metadata;

    @Option(names = "--texts", required = true, paramLabel = "FILE.jsonl",
            description = "One JSON object per line with a string \"text\" (and usually an \"id\").")
    Path texts;

    @Option(names = "--t", converter = NumericOptions.PositiveLong.class, required = true, paramLabel = "T", description = "Balancing threshold (MetaCLIP 400M: 20000).")
    long t;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder: new, empty, or an earlier curate output (only its own files are replaced).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the uniform draws (default 0).")
    Long seed;

    @Option(names = "--draws", paramLabel = "FILE",
            description = "Replay saved draws instead: a JSON list of numbers in [0, 1), one per input row "
                    + "(or the draw stream with --sequential).")
    Path draws;

    @Option(names = "--sequential",
            description = "Use MetaCLIP 1 balancing.py's decision (one draw per tried entry) instead of curate.py's "
                    + "one draw per text.")
    boolean sequential;

    @Option(names = "--counts", paramLabel = "FILE", arity = "1..*",
            description = "Balance with the sum of these counts.json files instead of this run's counts (a corpus "
                    + "in shards: run each shard, then again with --counts of every shard).")
    List<Path> counts;

    @Option(names = "--threads", converter = NumericOptions.Positive.class, paramLabel = "N", description = "Worker threads (default: the number of cores).")
    Integer threads;

    @Override
    public Integer call() {
        if (seed != null && draws != null) {
            throw new CurationException("give --seed or --draws, not both: --draws replays saved draws, --seed "
                    + "makes new ones");
        }
        CurationSettings settings = new CurationSettings(metadata, texts, t, out, seed == null ? 0 : seed, draws,
                sequential ? Balancing.Variant.SEQUENTIAL : Balancing.Variant.PER_TEXT,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads,
                counts == null ? List.of() : counts);
        // both passes count bytes of the texts read: shown as MiB, with a rate and an ETA
        ConsoleProgress progress = ConsoleProgress.on(spec.commandLine().getErr()).bytes(CurationJob.MATCH_TASK)
                .bytes(CurationJob.SAMPLE_TASK);
        CurationResult r = new CurationJob(settings, progress).run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("out", out.toAbsolutePath().normalize().toString());
        m.put("texts", r.texts());
        m.put("texts_with_matches", r.textsWithMatches());
        m.put("matches", r.matches());
        m.put("entries_matched", r.entriesMatched());
        m.put("kept", r.kept());
        m.put("kept_fraction", r.texts() == 0 ? 0.0 : (double) r.kept() / r.texts());
        new JsonLines(spec.commandLine().getOut()).write(m);
        return 0;
    }
}
