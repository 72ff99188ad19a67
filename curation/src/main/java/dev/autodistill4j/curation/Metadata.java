package dev.autodistill4j.curation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.autodistill4j.datasets.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The metadata entries of MetaCLIP curation (Meta's {@code metadata.json}: a JSON list of strings; entry id =
 * list position) together with the sha256 of the file they came from, for provenance. Entries are kept exactly
 * as written — no trimming, no case folding — because the reference matches them verbatim.
 *
 * @param entries the entries in file order
 * @param sha256  hex sha256 of the metadata file, or of the UTF-8 JSON of the entries when built in code
 */
public record Metadata(List<String> entries, String sha256) implements Serializable {
    public Metadata {
        entries = List.copyOf(entries);
    }

    /** Entries built in code (tests, benchmarks); the hash is over their JSON form so runs stay traceable. */
    public static Metadata of(List<String> entries) {
        StringBuilder json = new StringBuilder();
        for (String e : entries) {
            json.append(e.length()).append(':').append(e).append('\n');
        }
        return new Metadata(entries, Sha256.of(json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public int size() {
        return entries.size();
    }

    public String entry(int id) {
        return entries.get(id);
    }

    /**
     * Reads a {@code metadata.json} (streamed, so a 500k-entry file does not need a tree in memory).
     *
     * @throws CurationException naming the file and what is wrong (not a list, a non-string element and its index)
     */
    public static Metadata load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CurationException(file + " is not a file: --metadata takes MetaCLIP's metadata.json "
                    + "(a JSON list of strings)");
        }
        List<String> entries = new ArrayList<>();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).build()).build();
        try (InputStream in = Files.newInputStream(file); JsonParser p = factory.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new CurationException(file + " is not a JSON list: metadata.json must be a list of strings "
                        + "such as [\"cat\", \"new york\"]");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_STRING) {
                    throw new CurationException(file + " element " + entries.size() + " is " + describe(t, p)
                            + ", not a string: every metadata entry must be a JSON string");
                }
                entries.add(p.getText());
            }
            if (p.nextToken() != null) {
                throw new CurationException(file + " has data after the closing ] of the list: remove it");
            }
        } catch (IOException e) {
            throw new CurationException(file + " is not valid JSON (" + firstLine(e) + "): --metadata takes "
                    + "MetaCLIP's metadata.json, a JSON list of strings", e);
        }
        if (entries.isEmpty()) {
            throw new CurationException(file + " holds no entries: give a non-empty metadata list");
        }
        try {
            return new Metadata(entries, Sha256.of(file));
        } catch (IOException e) {
            throw new CurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String describe(JsonToken t, JsonParser p) throws IOException {
        return t == null ? "missing (the file ends early)" : t.isScalarValue() ? p.getText() : t.asString();
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }
}
