package dev.autodistill4j.curation;

import java.io.OutputStreamWriter;
import java.io.OutputStream;
import dev.autodistill4j.datasets.OutputFiles;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code counts.json}: {@code {"num_entries": N, "num_texts": M, "counts": [c0, c1, …]}}, a dense list with one
 * count per metadata entry — the reference's {@code entry_count} array. Reading it back lets pass 2 (or a later
 * run over more shards, after {@link Counts#merge}) start from saved counts.
 */
public final class CountsFile {
    private CountsFile() {
    }

    /** Writes {@code file} whole, never through a link ({@link OutputFiles#replace}). */
    public static void write(Counts counts, Path file) {
        try {
            OutputFiles.replace(file, out -> write(counts, file, out));
        } catch (IOException e) {
            throw new CurationException("cannot write " + file + ": " + e.getMessage() + " (is the disk full?)", e);
        }
    }

    /** Writes the counts to {@code stream} (closed here), which is {@code file} being created. */
    public static void write(Counts counts, Path file, OutputStream stream) {
        try (Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
            w.write("{\"num_entries\":" + counts.entries() + ",\"num_texts\":" + counts.texts() + ",\"counts\":[");
            for (int e = 0; e < counts.entries(); e++) {
                if (e > 0) {
                    w.write(',');
                }
                w.write(Long.toString(counts.count(e)));
            }
            w.write("]}\n");
        } catch (IOException e) {
            throw new CurationException("cannot write " + file + ": " + e.getMessage() + " (is the disk full?)", e);
        }
    }

    /** Reads a counts.json (ours or the fixture's); other fields are ignored. */
    public static Counts read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CurationException(file + " is not a file: give a counts.json written by curate");
        }
        long[] counts = null;
        long texts = -1;
        try (InputStream in = Files.newInputStream(file); JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CurationException(file + " is not a JSON object with \"counts\": give a counts.json "
                        + "written by curate");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("counts") && t == JsonToken.START_ARRAY) {
                    counts = readArray(p, file);
                } else if (name.equals("num_texts") && t == JsonToken.VALUE_NUMBER_INT) {
                    texts = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new CurationException(file + " is not valid JSON (" + Metadata.firstLine(e) + ")", e);
        }
        if (counts == null) {
            throw new CurationException(file + " has no \"counts\" list: give a counts.json written by curate");
        }
        return Counts.of(counts, Math.max(texts, 0));
    }

    private static long[] readArray(JsonParser p, Path file) throws IOException {
        long[] a = new long[1024];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw new CurationException(file + " counts element " + n + " is not an integer");
            }
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = p.getLongValue();
        }
        return Arrays.copyOf(a, n);
    }
}
