package dev.autodistill4j.curation;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link CurationJob} does.
 *
 * @param metadata  MetaCLIP's {@code metadata.json} (a JSON list of strings)
 * @param texts     the alt-texts, JSON lines with a string {@code "text"} (and usually an {@code "id"})
 * @param t         the balancing threshold (MetaCLIP 400M used 20,000)
 * @param out       the output folder (new, empty, or an earlier curate output)
 * @param seed      the seed of the draws ({@link SeededDraws}); ignored when {@code drawsFile} is set
 * @param drawsFile saved draws to replay instead ({@link DrawsFile}), or null
 * @param variant   the reference decision rule to follow
 * @param threads   worker threads (matching and parsing), at least 1
 * @param counts    saved {@code counts.json} files whose sum sets the entry probabilities instead of this run's
 *                  own counts — for a corpus split into shards: run each shard once, then again with every
 *                  shard's counts, so every shard is balanced by the global counts, as MetaCLIP does
 */
public record CurationSettings(Path metadata, Path texts, long t, Path out, long seed, Path drawsFile,
                               Balancing.Variant variant, int threads, List<Path> counts) {
    /** Settings that balance with this run's own counts. */
    public CurationSettings(Path metadata, Path texts, long t, Path out, long seed, Path drawsFile,
                            Balancing.Variant variant, int threads) {
        this(metadata, texts, t, out, seed, drawsFile, variant, threads, List.of());
    }

    public CurationSettings {
        counts = counts == null ? List.of() : List.copyOf(counts);
        if (t < 1) {
            throw new CurationException("`t` must be at least 1 (got " + t + "): it is how many texts an entry "
                    + "keeps on average (MetaCLIP 400M used 20000)");
        }
        if (threads < 1) {
            throw new CurationException("`threads` must be at least 1 (got " + threads + ")");
        }
        if (variant == null) {
            throw new CurationException("no balancing variant given");
        }
    }
}
