package dev.autodistill4j.curation;

import java.io.OutputStreamWriter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.api.progress.ProgressListener;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;

/**
 * {@code curate} on files, in two streaming passes with bounded memory on all cores:
 * <ol>
 *   <li>match every text ({@link SubstringMatcher}), writing {@code matches.jsonl} and summing {@link Counts};</li>
 *   <li>re-read the texts beside {@code matches.jsonl}, compute each text's keep probability ({@link Balancing})
 *       and write the kept rows to {@code kept.jsonl}, with {@code "matches"} and {@code "keep_probability"}
 *       added (replacing fields of those names).</li>
 * </ol>
 * Workers parse and match; the calling thread writes results and takes the draws in input order, so the output
 * is identical for any number of threads. Outputs appear only when complete ({@link OutputFolder}).
 */
public final class CurationJob {
    static final int CHUNK_LINES = 512;
    /** The first pass's progress task; its counts are bytes of the texts read ({@code total}: their size). */
    public static final String MATCH_TASK = "curate: match";
    /** The second pass's progress task, in bytes as {@link #MATCH_TASK}. */
    public static final String SAMPLE_TASK = "curate: sample";

    private final CurationSettings settings;
    private final ProgressListener progress;

    /**
     * @param progress receives {@link #MATCH_TASK} and {@link #SAMPLE_TASK} in bytes of the input read, so a
     *                 renderer can show a rate and an ETA; null reports nothing
     */
    public CurationJob(CurationSettings settings, ProgressListener progress) {
        this.settings = settings;
        this.progress = ProgressListener.orNone(progress);
    }

    /** Runs both passes and writes {@code matches.jsonl}, {@code counts.json}, {@code kept.jsonl}, {@code run.json}. */
    public CurationResult run() {
        Metadata metadata = Metadata.load(settings.metadata());
        DrawsFile drawsFile = settings.drawsFile() == null ? null : DrawsFile.load(settings.drawsFile());
        DoubleSupplier draws = drawsFile != null ? drawsFile : new SeededDraws(settings.seed());
        if (!Files.isRegularFile(settings.texts())) {
            throw new CurationException(settings.texts() + " is not a file: `texts` takes a JSON-lines file (one "
                    + "{\"id\", \"text\"} object per line)");
        }
        Counts given = givenCounts(metadata.size());
        try (OutputFolder out = OutputFolder.prepare(settings.out())) {
            return run(settings, metadata, drawsFile, draws, given, out);
        }
    }

    private CurationResult run(CurationSettings settings, Metadata metadata, DrawsFile drawsFile,
                               DoubleSupplier draws, Counts given, OutputFolder out) {
        try {
            SubstringMatcher matcher = SubstringMatcher.build(metadata);
            Counts counts = new Counts(metadata.size());
            String sha = matchPass(matcher, counts, out);
            CountsFile.write(counts, out.temp(OutputFolder.COUNTS), out.createTemp(OutputFolder.COUNTS));
            Balancing balancing = Balancing.of(given != null ? given : counts, settings.t());
            long[] drawCounter = new long[1];
            DoubleSupplier counted = () -> {
                drawCounter[0]++;
                return draws.getAsDouble();
            };
            SampleStats stats = samplePass(balancing, counted, sha, out);
            CurationResult result = new CurationResult(counts.texts(), stats.withMatches, stats.matches,
                    entriesMatched(counts), stats.kept, drawCounter[0], sha);
            out.commit(OutputFolder.MATCHES);
            out.commit(OutputFolder.COUNTS);
            out.commit(OutputFolder.KEPT);
            CurationRunJson.write(out, settings, metadata, drawsFile, result);
            out.commit(OutputFolder.RUN);
            return result;
        } catch (RuntimeException e) {
            out.discardTemporaries();
            throw e;
        }
    }

    /** The sum of the {@code --counts} files, or null when the run balances with its own counts. */
    private Counts givenCounts(int entries) {
        return givenCounts(settings, entries);
    }

    /** The sum of {@code settings}' {@code --counts} files (checked against the metadata), or null when none. */
    public static Counts givenCounts(CurationSettings settings, int entries) {
        Counts sum = null;
        for (Path file : settings.counts()) {
            Counts c = CountsFile.read(file);
            if (c.entries() != entries) {
                throw new CurationException(file + " counts " + c.entries() + " entries but the metadata has "
                        + entries + ": give counts.json files written with the same metadata.json");
            }
            sum = sum == null ? c : sum.merge(c);
        }
        return sum;
    }

    private record MatchedChunk(int[][] matches, String lines, long bytesRead) {
    }

    /** Pass 1: returns the sha256 of the texts file. */
    private String matchPass(SubstringMatcher matcher, Counts counts, OutputFolder out) {
        Path file = settings.texts();
        long total = size(file);
        try (JsonlChunks chunks = new JsonlChunks(file, CHUNK_LINES);
             Writer w = writer(out, OutputFolder.MATCHES)) {
            OrderedPipeline.run(chunks::next, chunk -> matchChunk(chunk, matcher, file), r -> {
                for (int[] m : r.matches) {
                    counts.add(m);
                }
                write(w, r.lines);
                progress.update(MATCH_TASK, r.bytesRead, total);
            }, settings.threads());
            return chunks.sha256();
        } catch (IOException e) {
            throw new CurationException("cannot write " + out.temp(OutputFolder.MATCHES) + ": " + e.getMessage(), e);
        } finally {
            progress.finished(MATCH_TASK);
        }
    }

    private static MatchedChunk matchChunk(JsonlChunks.Chunk chunk, SubstringMatcher matcher, Path file) {
        int[][] matches = new int[chunk.size()][];
        StringBuilder lines = new StringBuilder(chunk.size() * 48);
        for (int i = 0; i < chunk.size(); i++) {
            TextRow row = TextRow.parse(file, chunk.lineNumbers()[i], chunk.firstRow() + i, chunk.lines().get(i));
            matches[i] = matcher.match(row.text());
            lines.append(TextRow.matchesLine(row.idJson(), matches[i]));
        }
        return new MatchedChunk(matches, lines.toString(), chunk.bytesRead());
    }

    private static final class SampleStats {
        long withMatches;
        long matches;
        long kept;
    }

    private record ScoredChunk(int[][] matches, double[] probability, String[] keptLines, long bytesRead) {
    }

    private SampleStats samplePass(Balancing balancing, DoubleSupplier draws, String pass1Sha, OutputFolder out) {
        Path file = settings.texts();
        Path matchesFile = out.temp(OutputFolder.MATCHES);
        long total = size(file);
        SampleStats stats = new SampleStats();
        boolean perText = settings.variant() == Balancing.Variant.PER_TEXT;
        try (JsonlChunks texts = new JsonlChunks(file, CHUNK_LINES);
             JsonlChunks matches = new JsonlChunks(matchesFile, CHUNK_LINES);
             Writer w = writer(out, OutputFolder.KEPT)) {
            OrderedPipeline.run(() -> pair(texts.next(), matches.next()),
                    pair -> scoreChunk(pair, balancing, file, matchesFile), r -> {
                        for (int i = 0; i < r.matches.length; i++) {
                            int[] m = r.matches[i];
                            boolean keep = perText ? Balancing.keepPerText(m, r.probability[i], draws.getAsDouble())
                                    : balancing.keepSequential(m, draws);
                            stats.withMatches += m.length > 0 ? 1 : 0;
                            stats.matches += m.length;
                            if (keep) {
                                stats.kept++;
                                write(w, r.keptLines[i]);
                            }
                        }
                        progress.update(SAMPLE_TASK, r.bytesRead, total);
                    }, settings.threads());
            if (!texts.sha256().equals(pass1Sha)) {
                throw new CurationException(file + " changed while curate was running: run it again on a file "
                        + "that nothing else writes to");
            }
        } catch (IOException e) {
            throw new CurationException("cannot write " + out.temp(OutputFolder.KEPT) + ": " + e.getMessage(), e);
        } finally {
            progress.finished(SAMPLE_TASK);
        }
        return stats;
    }

    private record ChunkPair(JsonlChunks.Chunk texts, JsonlChunks.Chunk matches) {
    }

    private ChunkPair pair(JsonlChunks.Chunk texts, JsonlChunks.Chunk matches) {
        if (texts == null && matches == null) {
            return null;
        }
        if (texts == null || matches == null || texts.size() != matches.size()) {
            throw new CurationException(settings.texts() + " changed while curate was running (its rows no longer "
                    + "line up with pass 1): run it again on a file that nothing else writes to");
        }
        return new ChunkPair(texts, matches);
    }

    private static ScoredChunk scoreChunk(ChunkPair pair, Balancing balancing, Path file, Path matchesFile) {
        int n = pair.texts.size();
        int[][] matches = new int[n][];
        double[] prob = new double[n];
        String[] kept = new String[n];
        for (int i = 0; i < n; i++) {
            TextRow row = TextRow.parse(file, pair.texts.lineNumbers()[i], pair.texts.firstRow() + i,
                    pair.texts.lines().get(i));
            JsonNode m = readOwnLine(matchesFile, pair.matches.lineNumbers()[i], pair.matches.lines().get(i));
            if (!m.get("id").toString().equals(row.idJson())) {
                throw new CurationException(file + " line " + pair.texts.lineNumbers()[i] + " changed while curate "
                        + "was running: run it again on a file that nothing else writes to");
            }
            JsonNode ids = m.get("matches");
            matches[i] = new int[ids.size()];
            for (int j = 0; j < matches[i].length; j++) {
                matches[i][j] = ids.get(j).intValue();
            }
            prob[i] = balancing.textProbability(matches[i]);
            if (matches[i].length > 0) {
                kept[i] = row.keptLine(matches[i], prob[i]);
            }
        }
        return new ScoredChunk(matches, prob, kept, pair.texts.bytesRead());
    }

    private static JsonNode readOwnLine(Path file, long lineNumber, byte[] line) {
        try {
            return TextRow.JSON.readTree(line);
        } catch (IOException e) {
            throw new CurationException(file + " line " + lineNumber + " is damaged: run curate again", e);
        }
    }

    private static int entriesMatched(Counts counts) {
        int n = 0;
        for (int e = 0; e < counts.entries(); e++) {
            n += counts.count(e) > 0 ? 1 : 0;
        }
        return n;
    }

    private static Writer writer(OutputFolder out, String name) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(out.createTemp(name), StandardCharsets.UTF_8), 1 << 16);
    }

    private static void write(Writer w, String s) {
        try {
            w.write(s);
        } catch (IOException e) {
            throw new CurationException("cannot write an output file: " + e.getMessage() + " (is the disk full?)", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new CurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
