package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.curation.Balancing;
import dev.autodistill4j.curation.Counts;
import dev.autodistill4j.curation.CountsFile;
import dev.autodistill4j.curation.CurationException;
import dev.autodistill4j.curation.CurationJob;
import dev.autodistill4j.curation.CurationResult;
import dev.autodistill4j.curation.CurationRunJson;
import dev.autodistill4j.curation.CurationSettings;
import dev.autodistill4j.curation.DrawsFile;
import dev.autodistill4j.curation.Metadata;
import dev.autodistill4j.curation.OutputFolder;
import dev.autodistill4j.curation.SeededDraws;
import dev.autodistill4j.curation.SubstringMatcher;
import dev.autodistill4j.curation.TextRow;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * {@code curate} as a Spark job, with the local command's outputs byte for byte ({@link CurationJob}):
 * <ol>
 *   <li>the texts file is cut into byte ranges ({@link TextSplit}); a first, cheap stage counts each range's lines
 *       and rows, so every task knows the row and line numbers of its rows (ids of rows without one, errors);</li>
 *   <li>the tasks parse and match their rows (the {@link SubstringMatcher} is broadcast) and the per-task
 *       {@link Counts} are merged ({@code treeAggregate});</li>
 *   <li>the keep decisions take the draws in input order, as the local run does — the draw stream (seeded, a
 *       draws file, or the sequential variant's stream, whose use depends on earlier decisions) is one sequence —
 *       so the driver reads the match lists in order (a partition at a time, only ids and entry numbers), writes
 *       {@code matches.jsonl} and decides; the kept rows are then formatted in the tasks and written in order.</li>
 * </ol>
 * The output folder follows the local rules ({@link OutputFolder}: new, empty or curate's own; locked; temporaries
 * renamed into place, {@code run.json} last), so it must be a folder the driver reaches as a local path
 * ({@code file:}, a shared mount). The texts may be on any Hadoop file system.
 */
public final class CurateJob {
    /**
     * What one run does.
     *
     * @param local      the settings the local command validates (its texts and out fields name the paths in
     *                   messages only)
     * @param texts      the texts file (a Hadoop path or URI, never a glob)
     * @param partitions how many byte ranges to cut the texts into
     */
    public record Settings(CurationSettings local, String texts, int partitions) {
    }

    /** One matched row, kept (memory and disk) between the stages. */
    record MatchedRow(long row, long lineNumber, String idJson, int[] matches, byte[] line) implements Serializable {
    }

    /** What the driver reads in order: enough for {@code matches.jsonl} and the decisions. */
    record Matches(String idJson, int[] matches) implements Serializable {
    }

    private CurateJob() {
    }

    public static CurationResult run(SparkSession spark, Settings s, JobProgress progress) {
        CurationSettings settings = s.local();
        HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        Path texts = files.qualify(s.texts());
        TextsFile.Snapshot before = TextsFile.snapshot(files, texts, s.texts());
        Metadata metadata = Metadata.load(settings.metadata());
        DrawsFile drawsFile = settings.drawsFile() == null ? null : DrawsFile.load(settings.drawsFile());
        Counts given = CurationJob.givenCounts(settings, metadata.size());
        try (OutputFolder out = OutputFolder.prepare(settings.out())) {
            try {
                return run(spark, s, files, texts, before, metadata, drawsFile, given, out, progress);
            } catch (Exception e) { // Spark's SparkException is checked, but thrown undeclared from Scala
                out.discardTemporaries();
                throw typed(e);
            }
        }
    }

    // the try-with-resources holds the progress poller for the block and never reads it
    @SuppressWarnings("try")
    private static CurationResult run(SparkSession spark, Settings s, HadoopFiles files, Path texts,
                                      TextsFile.Snapshot before, Metadata metadata, DrawsFile drawsFile,
                                      Counts given, OutputFolder out, JobProgress progress) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String textsUri = texts.toString();
        String named = s.local().texts().toString(); // a java.nio Path is not serialisable
        List<TextSplit> splits = placed(jsc, files, textsUri, TextSplit.of(before.length(), s.partitions()));
        long rows = splits.isEmpty() ? 0 : splits.getLast().firstRow();
        Broadcast<SubstringMatcher> matcher = jsc.broadcast(SubstringMatcher.build(metadata));
        LongAccumulator matchedRows = spark.sparkContext().longAccumulator("texts matched");
        List<TextSplit> ranges = new ArrayList<>(splits.subList(0, splits.size() - 1));
        JavaRDD<MatchedRow> matched = jsc.parallelize(ranges, ranges.size())
                .flatMap(split -> match(split, files, textsUri, named, matcher.value(), matchedRows))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Counts counts;
            try (JobProgress.Poller poller = progress.poll("spark curate: match", matchedRows, rows)) {
                int entries = metadata.size(); // each task builds its own Counts: no zero value in the closure
                counts = matched.mapPartitions(rowsOfTask -> {
                    Counts c = new Counts(entries);
                    rowsOfTask.forEachRemaining(r -> c.add(r.matches()));
                    return List.of(c).iterator();
                }).treeReduce(Counts::merge);
            }
            CountsFile.write(counts, out.temp(OutputFolder.COUNTS), out.createTemp(OutputFolder.COUNTS));
            Balancing balancing = Balancing.of(given != null ? given : counts, s.local().t());
            DoubleSupplier draws = drawsFile != null ? drawsFile : new SeededDraws(s.local().seed());
            CurateDecisions decisions = CurateDecisions.take(matched.map(r -> new Matches(r.idJson(), r.matches()))
                    .toLocalIterator(), balancing, s.local().variant(), draws, out);
            Broadcast<BitSet> kept = jsc.broadcast(decisions.kept());
            Broadcast<Balancing> shared = jsc.broadcast(balancing);
            Iterator<String> keptLines = matched.filter(r -> kept.value().get(Math.toIntExact(r.row())))
                    .map(r -> TextRow.parse(java.nio.file.Path.of(named), r.lineNumber(), r.row(), r.line())
                            .keptLine(r.matches(), shared.value().textProbability(r.matches())))
                    .toLocalIterator();
            CurateDecisions.writeAll(keptLines, out, OutputFolder.KEPT);
            TextsFile.requireUnchanged(files, texts, s.texts(), before);
            CurationResult result = new CurationResult(counts.texts(), decisions.withMatches(), decisions.matches(),
                    entriesMatched(counts), decisions.keptCount(), decisions.drawsUsed(), before.sha256());
            out.commit(OutputFolder.MATCHES);
            out.commit(OutputFolder.COUNTS);
            out.commit(OutputFolder.KEPT);
            writeRunJson(spark, s, out, metadata, drawsFile, result, textsUri, ranges.size());
            return result;
        } finally {
            matched.unpersist(false);
        }
    }

    /** The local run's {@code run.json}, naming this tool, the texts as a URI and the Spark run. */
    private static void writeRunJson(SparkSession spark, Settings s, OutputFolder out, Metadata metadata,
                                     DrawsFile drawsFile, CurationResult result, String textsUri, int ranges) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("tool", "autodistill4j spark curate");
        extra.put("texts", Map.of("path", textsUri, "sha256", result.textsSha256()));
        extra.put("spark", Map.of("version", spark.version(), "master", spark.sparkContext().master(),
                "partitions", ranges));
        CurationRunJson.write(out, s.local(), metadata, drawsFile, result, extra);
        out.commit(OutputFolder.RUN);
    }

    /**
     * The splits with their first line and row numbers, from a counting stage; one more, empty split at the end
     * carries the totals (its {@code firstRow} is the number of rows).
     */
    private static List<TextSplit> placed(JavaSparkContext jsc, HadoopFiles files, String texts,
                                          List<TextSplit> splits) {
        List<TextSplit.Tally> tallies = jsc.parallelize(splits, splits.size())
                .map(split -> split.count(files, new Path(texts))).collect();
        List<TextSplit> placed = new ArrayList<>(splits.size() + 1);
        long line = 1;
        long row = 0;
        for (int i = 0; i < splits.size(); i++) {
            placed.add(splits.get(i).at(line, row));
            line += tallies.get(i).lines();
            row += tallies.get(i).rows();
        }
        if (row > Integer.MAX_VALUE) {
            throw new CurationException(texts + " has " + row + " rows; spark curate takes at most "
                    + Integer.MAX_VALUE + " per run: split the corpus into shards and balance them with `counts`");
        }
        placed.add(new TextSplit(splits.size(), 0, 0, line, row));
        return placed;
    }

    private static Iterator<MatchedRow> match(TextSplit split, HadoopFiles files, String texts,
                                              String named, SubstringMatcher matcher,
                                              LongAccumulator done) {
        List<MatchedRow> rows = new ArrayList<>();
        split.read(files, new Path(texts), (lineNumber, row, line) -> {
            TextRow parsed = TextRow.parse(java.nio.file.Path.of(named), lineNumber, row, line);
            rows.add(new MatchedRow(row, lineNumber, parsed.idJson(), matcher.match(parsed.text()), line));
            done.add(1);
        });
        return rows.iterator();
    }

    private static int entriesMatched(Counts counts) {
        int n = 0;
        for (int e = 0; e < counts.entries(); e++) {
            n += counts.count(e) > 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The user's error (a curation error raised in a task: a damaged line, the draws running out) as the one
     * typed error it is, not Spark's "Job aborted" wrapper; anything else as {@link JobFailure} says.
     */
    private static RuntimeException typed(Exception e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof Autodistill4jException typed) {
                return c == e ? typed : new CurationException(typed.getMessage(), e);
            }
        }
        return JobFailure.of("spark curate", e);
    }
}
