package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.datasets.OutputFiles;
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
 * {@code regions.jsonl}: one JSON line per image (all its boxes with every class score) or per box file that
 * failed. Each line is one {@code write}, flushed before the next image, so {@code kill -9} loses at most the
 * image in flight; a torn last line is ignored on reading and cut off before appending (as {@code label}'s
 * manifest).
 */
public final class RegionManifest implements Closeable {
    public static final String FILE_NAME = "regions.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Path file;
    private final OutputStream out;

    private RegionManifest(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** The complete records of {@code file} (none when it does not exist). */
    public static List<Map<String, Object>> read(Path file) {
        List<Map<String, Object>> records = new ArrayList<>();
        validLength(file, records);
        return records;
    }

    public static RegionManifest openForAppend(Path file) {
        try {
            OutputFiles.requireWritable(file);
            long valid = validLength(file, new ArrayList<>());
            if (Files.exists(file) && valid < Files.size(file)) {
                try (FileChannel ch = OutputFiles.openExisting(file)) {
                    ch.truncate(valid);
                }
            }
            return new RegionManifest(file, OutputFiles.openAppend(file)); // never through a link
        } catch (IOException e) {
            throw new RegionConfigException("cannot open " + file + " for writing: " + e.getMessage());
        }
    }

    public void append(Map<String, Object> record) {
        try {
            out.write((MAPPER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new RegionConfigException("cannot append to " + file + ": " + e.getMessage()
                    + " (is the disk full?); re-run the same command to resume");
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new RegionConfigException("cannot close " + file + ": " + e.getMessage());
        }
    }

    /** Bytes up to the end of the last complete, parseable line; fills {@code records}. */
    private static long validLength(Path file, List<Map<String, Object>> records) {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RegionConfigException("cannot read " + file + ": " + e.getMessage());
        }
        int start = 0;
        int lineNo = 0;
        while (start < bytes.length) {
            lineNo++;
            int nl = start;
            while (nl < bytes.length && bytes[nl] != '\n') {
                nl++;
            }
            if (nl == bytes.length) {
                return start; // torn last line (no newline): dropped
            }
            String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8).strip();
            if (!line.isEmpty()) {
                try {
                    records.add(MAPPER.readValue(line, MAP));
                } catch (IOException e) {
                    throw new RegionConfigException(file + " line " + lineNo + " is not valid JSON: fix or delete "
                            + "that line, or re-run with `overwrite`");
                }
            }
            start = nl + 1;
        }
        return start;
    }
}
