package dev.autodistill4j.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.jsonl}: one JSON line per input image, appended and flushed as each image finishes.
 *
 * <p>Each record is written with a single {@code write} of the whole line, so a process killed with
 * {@code kill -9} leaves at most one torn last line (the OS keeps what was written; the manifest is not
 * fsynced because it only has to survive the process, not a power cut). {@link #read} ignores a torn last line
 * and {@link #openForAppend} cuts it off, so a resumed run never glues a new record onto a broken one. A broken
 * line anywhere else is real corruption and is reported with its line number.
 */
public final class Manifest implements Closeable {
    public static final String FILE_NAME = "manifest.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Path file;
    private final OutputStream out;

    private Manifest(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** The records of a manifest; a torn (incomplete) last line is skipped. Missing file → empty list. */
    public static List<ManifestRecord> read(Path file) {
        return parse(file).records;
    }

    /**
     * The {@code file} of every record that can be read, skipping lines that cannot (even in the middle): what
     * {@code --overwrite} may delete. A line that cannot be read names nothing, so its file is kept.
     */
    static List<String> listedFiles(Path file) {
        List<String> out = new ArrayList<>();
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) { // every byte sequence decodes
            for (String line : (Iterable<String>) lines::iterator) {
                String utf8 = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                try {
                    if (MAPPER.readValue(utf8, MAP).get("file") instanceof String f) {
                        out.add(f);
                    }
                } catch (JsonProcessingException | RuntimeException e) {
                    // unreadable line: it names nothing
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DatasetReadException("cannot read " + file + " (" + e.getMessage() + "): the files it lists "
                    + "cannot be told apart from yours, so nothing was deleted; fix its permissions and run again",
                    e);
        }
        return out;
    }

    /**
     * Opens {@code file} for appending (creating it), first cutting off a torn last line left by a killed run.
     */
    public static Manifest openForAppend(Path file) {
        OutputFiles.requireWritable(file);
        Parsed parsed = parse(file);
        try {
            if (Files.exists(file) && parsed.validBytes < Files.size(file)) {
                try (FileChannel ch = OutputFiles.openExisting(file)) {
                    ch.truncate(parsed.validBytes);
                }
            }
            OutputStream out = OutputFiles.openAppend(file);
            if (parsed.needsNewline) {
                out.write('\n');
                out.flush();
            }
            return new Manifest(file, out);
        } catch (IOException e) {
            throw new DatasetWriteException("cannot open " + file + " for writing: " + e.getMessage(), e);
        }
    }

    /** Appends one record as one line and flushes it to the OS. */
    public synchronized void append(ManifestRecord record) {
        try {
            byte[] line = (MAPPER.writeValueAsString(record.toJson()) + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(line);
            out.flush();
        } catch (IOException e) {
            throw new DatasetWriteException("cannot append to " + file + ": " + e.getMessage()
                    + " (is the disk full?); re-run the same command to resume", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new DatasetWriteException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    private record Parsed(List<ManifestRecord> records, long validBytes, boolean needsNewline) {
        Parsed(List<ManifestRecord> records, long validBytes) {
            this(records, validBytes, false);
        }
    }

    private static Parsed parse(Path file) {
        List<ManifestRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Parsed(records, 0);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetReadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int start = 0;
        int lineNo = 0;
        long valid = 0;
        while (start < bytes.length) {
            lineNo++;
            int nl = start;
            while (nl < bytes.length && bytes[nl] != '\n') {
                nl++;
            }
            boolean complete = nl < bytes.length;
            String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8).strip();
            if (!line.isEmpty()) {
                try {
                    records.add(ManifestRecord.fromJson(MAPPER.readValue(line, MAP)));
                } catch (JsonProcessingException | RuntimeException e) {
                    if (!complete) {
                        break; // torn last line of a killed run: dropped, and cut off before appending
                    }
                    throw new DatasetReadException(file + " line " + lineNo + " is not a valid manifest record ("
                            + e.getMessage().lines().findFirst().orElse("") + "): fix or delete that line, or "
                            + "re-run with `overwrite`", e);
                }
            }
            if (!complete) {
                // a valid record without its newline: keep it, and complete the line before appending
                valid = bytes.length;
                return new Parsed(records, valid, true);
            }
            start = nl + 1;
            valid = start;
        }
        return new Parsed(records, valid);
    }
}
