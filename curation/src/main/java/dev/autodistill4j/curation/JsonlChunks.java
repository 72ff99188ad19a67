package dev.autodistill4j.curation;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a JSON-lines file as chunks of raw lines (bytes, split at {@code \n}; a trailing {@code \r} is kept and
 * is JSON white space), with their 1-based line numbers, so worker threads parse and the reading thread only
 * cuts. Blank lines are skipped and are not rows. Memory is bounded: a chunk holds at most
 * {@code chunkLines} lines, and a line longer than {@link #MAX_LINE_BYTES} is an error naming the file and line.
 */
final class JsonlChunks implements Closeable {
    static final int MAX_LINE_BYTES = 64 << 20;

    /** A run of consecutive non-blank lines. */
    record Chunk(long firstRow, List<byte[]> lines, long[] lineNumbers, long bytesRead) {
        int size() {
            return lines.size();
        }
    }

    private final Path file;
    private final InputStream in;
    private final int chunkLines;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long lineNo;
    private long rows;
    /** Bytes of the lines handed out so far (not of the read-ahead buffer), for progress. */
    private long bytesRead;
    private boolean eof;
    private final MessageDigest sha256;

    JsonlChunks(Path file, int chunkLines) {
        this.file = file;
        this.chunkLines = chunkLines;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        if (!Files.isRegularFile(file)) {
            throw new CurationException(file + " is not a file: give a JSON-lines file (one {\"id\", \"text\"} "
                    + "object per line)");
        }
        try {
            this.in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new CurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The next chunk, or null at the end of the file. */
    Chunk next() {
        List<byte[]> lines = new ArrayList<>(chunkLines);
        long[] numbers = new long[chunkLines];
        long first = rows;
        while (lines.size() < chunkLines) {
            byte[] line = readLine();
            if (line == null) {
                break;
            }
            if (!isBlank(line)) {
                numbers[lines.size()] = lineNo;
                lines.add(line);
                rows++;
            }
        }
        return lines.isEmpty() ? null : new Chunk(first, lines, Arrays.copyOf(numbers, lines.size()), bytesRead);
    }

    /** Rows (non-blank lines) returned so far. */
    long rows() {
        return rows;
    }

    /** Hex sha256 of the whole file; valid once {@link #next} has returned null. */
    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    Path file() {
        return file;
    }

    private byte[] readLine() {
        byte[] line = null;
        int lineLength = 0;
        while (true) {
            if (pos == limit && !fill()) {
                if (line == null) {
                    return null;
                }
                lineNo++;
                return Arrays.copyOf(line, lineLength);
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (lineLength + (long) n > MAX_LINE_BYTES) {
                throw new CurationException(file + " line " + (lineNo + 1) + " is longer than " + (MAX_LINE_BYTES >> 20)
                        + " MiB: is this a JSON-lines file? Each line must be one {\"id\", \"text\"} object");
            }
            if (line == null) {
                line = new byte[Math.max(n, 64)];
            } else if (line.length < lineLength + n) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
            }
            System.arraycopy(buf, start, line, lineLength, n);
            lineLength += n;
            bytesRead += n;
            if (pos < limit) { // at '\n'
                pos++;
                bytesRead++;
                lineNo++;
                return Arrays.copyOf(line, lineLength);
            }
        }
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            int n = in.read(buf);
            if (n <= 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            sha256.update(buf, 0, n);
            return true;
        } catch (IOException e) {
            throw new CurationException("cannot read " + file + " near line " + (lineNo + 1) + ": " + e.getMessage(), e);
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new CurationException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
