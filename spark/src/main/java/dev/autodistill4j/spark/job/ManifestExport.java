package dev.autodistill4j.spark.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.runtime.label.LabelSummary;
import dev.autodistill4j.runtime.label.LabelTally;
import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code manifest.jsonl} on the driver from the committed stage table, streaming it in walk order one
 * partition at a time (memory holds one partition's records, not the collection), with the project's own
 * {@link ManifestRecord} so each line is what the local {@code label} writes for the same image. Counts the
 * summary on the way.
 */
final class ManifestExport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ManifestExport() {
    }

    static LabelSummary write(Dataset<Row> placed, List<String> classes, HadoopFiles files, Path root) {
        FileSystem fs = files.datasetFs(root);
        Path tmp = new Path(root, "." + Manifest.FILE_NAME + ".tmp");
        LabelTally tally = new LabelTally();
        try {
            try (FSDataOutputStream out = files.createReplacing(fs, tmp)) { // never through a link
                Iterator<Row> rows = placed.orderBy("key").toLocalIterator();
                while (rows.hasNext()) {
                    ManifestRecord r = record(rows.next(), classes);
                    out.write((MAPPER.writeValueAsString(r.toJson()) + "\n").getBytes(StandardCharsets.UTF_8));
                    tally.add(r);
                }
            }
            Path manifest = new Path(root, Manifest.FILE_NAME);
            fs.delete(manifest, false);
            if (!fs.rename(tmp, manifest)) {
                throw new IOException("rename of " + tmp + " to " + manifest + " failed");
            }
        } catch (IOException e) {
            throw new DatasetWriteException("cannot write " + new Path(root, Manifest.FILE_NAME) + ": " + e.getMessage(),
                    e);
        }
        return tally.summary(root.toString());
    }

    static ManifestRecord record(Row r, List<String> classes) {
        String source = r.getString(LabelRows.SOURCE);
        String sha = r.getString(LabelRows.SHA256);
        if (!r.isNullAt(LabelRows.ERROR)) {
            return ManifestRecord.failed(source, sha, r.getString(LabelRows.ERROR));
        }
        List<Double> values = r.getList(LabelRows.SCORES);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            scores.put(classes.get(i), values.get(i));
        }
        return new ManifestRecord(source, sha, r.getString(LabelRows.SPLIT), r.getString(LabelRows.CLASS),
                r.getDouble(LabelRows.CONFIDENCE), scores, r.getString(LabelRows.FILE), null);
    }
}
