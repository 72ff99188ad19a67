package dev.autodistill4j.spark.cli;

import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.curation.Balancing;
import dev.autodistill4j.curation.CurationException;
import dev.autodistill4j.curation.CurationResult;
import dev.autodistill4j.curation.CurationSettings;
import dev.autodistill4j.spark.job.CurateJob;
import dev.autodistill4j.spark.job.HadoopFiles;
import dev.autodistill4j.spark.job.JobProgress;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spark curate}: the local {@code curate} on Spark — the same options (but {@code --threads}: the tasks
 * are Spark's), the same validation ({@link CurationSettings}) and the same four files, byte for byte.
 */
@Command(name = "curate", mixinStandardHelpOptions = true,
        description = {"MetaCLIP curation as 'curate' does it, with the matching in Spark tasks: writes "
                + "OUT/matches.jsonl, counts.json, kept.jsonl, run.json equal to the local command's; prints one "
                + "JSON summary line. See docs/spark.md."})
public final class SparkCurateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions job;

    @Option(names = "--metadata", required = true, paramLabel = "FILE",
            description = "metadata.json (a JSON list of entry strings), read by the driver.")
    Path metadata;

    @Option(names = "--texts", required = true, paramLabel = "FILE.jsonl",
            description = "One JSON object per line with a string \"text\"; any Hadoop path (a path, never a glob).")
    String texts;

    @Option(names = "--t", converter = NumericOptions.PositiveLong.class, required = true, paramLabel = "T",
            description = "Balancing threshold (MetaCLIP 400M: 20000).")
    long t;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder the driver reaches as a local path (file:, a shared mount): new, empty, or "
                    + "an earlier curate output (only its own files are replaced).")
    String out;

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
            description = "Balance with the sum of these counts.json files instead of this run's counts.")
    List<Path> counts;

    @Override
    public void run() {
        if (seed != null && draws != null) {
            throw new CurationException("give --seed or --draws, not both: --draws replays saved draws, --seed "
                    + "makes new ones");
        }
        Path outFolder = localFolder(out);
        SparkSession spark = job.start("autodistill4j spark curate");
        List<Path> given = counts == null ? List.of() : counts.stream().map(DriverFiles::locate).toList();
        CurationSettings settings = new CurationSettings(DriverFiles.locate(metadata),
                HadoopFiles.nioPath(new org.apache.hadoop.fs.Path(texts)), t, outFolder, seed == null ? 0 : seed,
                DriverFiles.locate(draws), sequential ? Balancing.Variant.SEQUENTIAL : Balancing.Variant.PER_TEXT,
                1, given);
        CurationResult r = CurateJob.run(spark, new CurateJob.Settings(settings, texts, job.partitions(spark)),
                new JobProgress(ConsoleProgress.on(spec.commandLine().getErr())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("out", outFolder.toAbsolutePath().normalize().toString());
        m.put("texts", r.texts());
        m.put("texts_with_matches", r.textsWithMatches());
        m.put("matches", r.matches());
        m.put("entries_matched", r.entriesMatched());
        m.put("kept", r.kept());
        m.put("kept_fraction", r.texts() == 0 ? 0.0 : (double) r.kept() / r.texts());
        m.put("master", spark.sparkContext().master());
        new JsonLines(spec.commandLine().getOut()).write(m);
    }

    /** {@code --out} as a local folder: a plain path or a {@code file:} URI; another file system is refused. */
    static Path localFolder(String out) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(out);
        if (!HadoopFiles.isLocal(p)) {
            throw new CurationException("--out " + out + " is not a local folder: spark curate writes its four files "
                    + "from the driver under curate's lock and ownership rules, which need a folder the driver "
                    + "reaches as a local path (file:, or a shared mount); the texts may be on any file system");
        }
        return out.startsWith("file:") ? HadoopFiles.nioPath(p) : Path.of(out);
    }
}
