package dev.autodistill4j.spark.job;

import dev.autodistill4j.curation.CurationException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One byte range {@code [start, end)} of the JSON-lines texts file, read by one Spark task. A line belongs to the
 * split that holds its first byte (Hadoop's rule), so every line is read exactly once whatever the split points.
 * The file is opened by its literal path ({@link org.apache.hadoop.fs.FileSystem#open}), never expanded as a
 * glob: {@code --texts 'in[1].jsonl'} reads that file, not {@code in1.jsonl}. Lines are cut at {@code \n} and a
 * line of blanks ({@code ' '}, tab, {@code \r}) is not a row — the local curate's rules, so row numbers (the
 * {@code "id"} of a row without one) and line numbers in errors are the same.
 *
 * @param index     the split's position in the file
 * @param firstLine the 1-based number of its first line (known after {@link #count})
 * @param firstRow  the 0-based row number of its first non-blank line (known after {@link #count})
 */
record TextSplit(int index, long start, long end, long firstLine, long firstRow) implements Serializable {
    static final int MAX_LINE_BYTES = 64 << 20;

    /** Receives the lines of a split in file order. */
    interface LineSink {
        void line(long lineNumber, long row, byte[] line);
    }

    /** Lines and rows of a split, for the offsets of the next ones. */
    record Tally(long lines, long rows) implements Serializable {
    }

    /** {@code parts} splits of about equal size covering {@code length} bytes (one, for an empty file). */
    static List<TextSplit> of(long length, int parts) {
        int n = (int) Math.max(1, Math.min(parts, Math.max(1, length / 4096)));
        List<TextSplit> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            splits.add(new TextSplit(i, length * i / n, length * (i + 1) / n, 0, 0));
        }
        return splits;
    }

    TextSplit at(long line, long row) {
        return new TextSplit(index, start, end, line, row);
    }

    /** Counts the split's lines and rows without parsing them. */
    Tally count(HadoopFiles files, Path file) {
        return read(files, file, (line, row, bytes) -> {
        });
    }

    /**
     * Hands every non-blank line starting in this split to {@code sink}, with its line and row numbers; returns
     * how many lines (blank ones too) and rows it read.
     */
    Tally read(HadoopFiles files, Path file, LineSink sink) {
        long lineNumber = firstLine;
        long row = firstRow;
        try (FSDataInputStream raw = files.fs(file).open(file)) {
            long pos = Math.max(0, start - 1);
            raw.seek(pos);
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            if (start > 0) { // the line under start-1 belongs to the previous split unless start-1 ends one
                int b = in.read();
                pos++;
                while (b != '\n' && b != -1) {
                    b = in.read();
                    pos++;
                }
                if (b == -1) {
                    return new Tally(0, 0);
                }
            }
            Line line = new Line();
            while (pos < end && line.read(in, file, lineNumber)) {
                pos += line.consumed;
                byte[] bytes = Arrays.copyOf(line.bytes, line.length);
                if (!blank(bytes)) {
                    sink.line(lineNumber, row++, bytes);
                }
                lineNumber++;
            }
            return new Tally(lineNumber - firstLine, row - firstRow);
        } catch (IOException e) {
            throw new CurationException("cannot read " + file + " near line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** A reusable line buffer: bytes up to (not including) {@code \n}. */
    private static final class Line {
        byte[] bytes = new byte[256];
        int length;
        long consumed;

        /** Reads the next line; false at the end of the file. */
        boolean read(InputStream in, Path file, long lineNumber) throws IOException {
            length = 0;
            consumed = 0;
            for (int b = in.read(); ; b = in.read()) {
                if (b == -1) {
                    return consumed > 0;
                }
                consumed++;
                if (b == '\n') {
                    return true;
                }
                if (length == MAX_LINE_BYTES) {
                    throw new CurationException(file + " line " + lineNumber + " is longer than "
                            + (MAX_LINE_BYTES >> 20) + " MiB: is this a JSON-lines file? Each line must be one "
                            + "{\"id\", \"text\"} object");
                }
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                }
                bytes[length++] = (byte) b;
            }
        }
    }
}
