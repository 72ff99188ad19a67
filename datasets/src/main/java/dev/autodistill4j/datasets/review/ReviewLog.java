package dev.autodistill4j.datasets.review;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.datasets.DatasetReadException;
import dev.autodistill4j.datasets.DatasetWriteException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code reviews.jsonl} beside {@code manifest.jsonl}: the append-only log of a person's corrections. Nothing in
 * it is ever rewritten; an undo is a new line.
 *
 * <p>Durability: each record is one {@code write} of the whole line followed by {@code fsync}, and the server
 * answers only after that, so a correction the page showed as done survives a killed server (and a power cut).
 * A torn last line (a process killed mid-write) is ignored when reading and cut off before the next append; a
 * broken line anywhere else is reported with its number.
 */
public final class ReviewLog {
    public static final String FILE_NAME = "reviews.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ReviewLog() {
    }

    /** The log of the dataset at {@code root}. */
    public static Path of(Path root) {
        return root.resolve(FILE_NAME);
    }

    /** The records of {@code file} in order; a missing file is an empty log. */
    public static List<ReviewRecord> read(Path file) {
        return parse(file).records;
    }

    private record Parsed(List<ReviewRecord> records, long validBytes) {
    }

    private static Parsed parse(Path file) {
        List<ReviewRecord> out = new ArrayList<>();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Parsed(out, 0);
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new DatasetReadException(file + " is not a regular file (a link or a folder): move it away; the "
                    + "review log must be a file the tool wrote");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetReadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int start = 0;
        for (int lineNo = 1; start < bytes.length; lineNo++) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8).strip();
            boolean complete = end < bytes.length;
            if (!line.isEmpty()) {
                try {
                    out.add(ReviewRecord.fromJson(MAPPER.readValue(line, MAP)));
                } catch (IOException | RuntimeException e) {
                    if (!complete) {
                        return new Parsed(out, start); // torn by a killed process: never acknowledged, dropped
                    }
                    throw new DatasetReadException(file + " line " + lineNo + " is not a review record ("
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "): restore it from "
                            + "a backup or delete that line", e);
                }
            }
            start = complete ? end + 1 : end;
        }
        return new Parsed(out, bytes.length);
    }

    /**
     * Appends {@code records} (one line each) and forces them to disk before returning. The caller holds the
     * dataset's lock, so nothing else appends meanwhile.
     */
    static void append(Path file, List<ReviewRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        boolean created = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        Parsed parsed = parse(file);
        StringBuilder lines = new StringBuilder();
        try {
            if (!created && parsed.validBytes > 0 && lastByte(file, parsed.validBytes) != '\n') {
                lines.append('\n');
            }
            for (ReviewRecord r : records) {
                lines.append(MAPPER.writeValueAsString(r.toJson())).append('\n');
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                ch.truncate(parsed.validBytes); // a torn line of a killed writer
                ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                long at = parsed.validBytes;
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
                ch.force(true);
            }
            if (created) {
                syncFolder(file.getParent());
            }
        } catch (IOException e) {
            throw new DatasetWriteException("cannot append to " + file + " (" + e.getMessage() + "): nothing was "
                    + "moved; check the disk and that the dataset folder is writable, then try again", e);
        }
    }

    private static int lastByte(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, size - 1);
            return one.get(0);
        }
    }

    /** Makes a new file's name durable too (Linux: fsync of the folder); best effort elsewhere. */
    private static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // not every platform can open a folder; the record itself is on disk
        }
    }

    /**
     * Every dataset file the log of {@code root} names ({@code fromFile}/{@code toFile}): where reviews moved
     * images the labeller wrote, so {@code label --overwrite} owns them too. A log that cannot be read names
     * nothing (its files are then kept, never guessed at).
     */
    public static java.util.Set<String> filesNamed(Path root) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        try {
            for (ReviewRecord r : read(of(root))) {
                if (r.fromFile() != null) {
                    out.add(r.fromFile());
                }
                if (r.toFile() != null) {
                    out.add(r.toFile());
                }
            }
        } catch (DatasetReadException e) {
            // kept, not deleted
        }
        return out;
    }

    /**
     * Before {@code label --overwrite} replaces a dataset, keeps its review log under a new name (never deleted:
     * a person's work), from where {@code review --replay} can apply it to the new labelling. Returns the new
     * name, or null when there was no log.
     */
    public static Path setAside(Path root) {
        Path log = of(root);
        if (!Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String stamp = Instant.now().toString().replace(":", "").replace(".", "");
        Path kept = root.resolve("reviews.before-overwrite-" + stamp + ".jsonl");
        try {
            Files.move(log, kept);
            return kept;
        } catch (IOException e) {
            throw new DatasetWriteException("cannot keep " + log + " aside before `overwrite` (" + e.getMessage()
                    + "): move it away yourself, then run again; nothing was deleted", e);
        }
    }
}
