package dev.autodistill4j.spark.job;

import dev.autodistill4j.curation.Balancing;
import dev.autodistill4j.curation.CurationException;
import dev.autodistill4j.curation.OutputFolder;
import dev.autodistill4j.curation.TextRow;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Iterator;
import java.util.function.DoubleSupplier;

/**
 * The keep decisions of {@code spark curate}, taken on the driver in input order with the local run's draws and
 * rule ({@link Balancing}), while {@code matches.jsonl} is written from the same ordered stream.
 *
 * @param kept        the kept rows, by row number
 * @param keptCount   how many were kept
 * @param withMatches rows with at least one match
 * @param matches     (row, entry) matches in all
 * @param drawsUsed   draws taken from the stream
 */
record CurateDecisions(BitSet kept, long keptCount, long withMatches, long matches, long drawsUsed) {

    static CurateDecisions take(Iterator<CurateJob.Matches> rows, Balancing balancing, Balancing.Variant variant,
                                DoubleSupplier draws, OutputFolder out) {
        long[] used = new long[1];
        DoubleSupplier counted = () -> {
            used[0]++;
            return draws.getAsDouble();
        };
        BitSet kept = new BitSet();
        long keptCount = 0;
        long withMatches = 0;
        long matches = 0;
        int row = 0;
        try (Writer w = writer(out, OutputFolder.MATCHES)) {
            for (; rows.hasNext(); row++) {
                CurateJob.Matches r = rows.next();
                int[] m = r.matches();
                w.write(TextRow.matchesLine(r.idJson(), m));
                boolean keep = variant == Balancing.Variant.PER_TEXT
                        ? Balancing.keepPerText(m, balancing.textProbability(m), counted.getAsDouble())
                        : balancing.keepSequential(m, counted);
                withMatches += m.length > 0 ? 1 : 0;
                matches += m.length;
                if (keep) {
                    kept.set(row);
                    keptCount++;
                }
            }
        } catch (IOException e) {
            throw cannotWrite(out, OutputFolder.MATCHES, e);
        }
        return new CurateDecisions(kept, keptCount, withMatches, matches, used[0]);
    }

    /** Writes every line of {@code lines}, in order, to the temporary of {@code name}. */
    static void writeAll(Iterator<String> lines, OutputFolder out, String name) {
        try (Writer w = writer(out, name)) {
            while (lines.hasNext()) {
                w.write(lines.next());
            }
        } catch (IOException e) {
            throw cannotWrite(out, name, e);
        }
    }

    private static Writer writer(OutputFolder out, String name) {
        return new BufferedWriter(new OutputStreamWriter(out.createTemp(name), StandardCharsets.UTF_8), 1 << 16);
    }

    private static CurationException cannotWrite(OutputFolder out, String name, IOException e) {
        return new CurationException("cannot write " + out.temp(name) + ": " + e.getMessage()
                + " (is the disk full?)", e);
    }
}
