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
    /** Longest metadata entry {@link #load} accepts (Wikipedia titles are at most 255 bytes). */
    public static final int MAX_ENTRY_CHARS = 4096;
    /** Most words (space-separated) in a metadata entry {@link #load} accepts. */
    public static final int MAX_ENTRY_WORDS = 256;

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
            throw new CurationException(file + " is not a file: `metadata` takes MetaCLIP's metadata.json "
                    + "(a JSON list of strings)");
        }
        List<String> entries = new ArrayList<>();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).build()).build();
        // 1 MiB per string keeps one hostile token from filling the heap; bounded() then applies the entry limits
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
                entries.add(bounded(file, entries.size(), p.getText()));
            }
            if (p.nextToken() != null) {
                throw new CurationException(file + " has data after the closing ] of the list: remove it");
            }
        } catch (IOException e) {
            throw new CurationException(file + " is not valid JSON (" + firstLine(e) + "): `metadata` takes "
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

    /**
     * Refuses an entry longer than {@link #MAX_ENTRY_CHARS} or of more than {@link #MAX_ENTRY_WORDS} words. The
     * matcher walks from every space of a text as far as the span is a word prefix of some entry, so the longest
     * entry bounds the work per character of input; real entries (synsets, Wikipedia titles) are far shorter.
     */
    private static String bounded(Path file, int index, String entry) {
        int words = 1;
        for (int i = 0; i < entry.length(); i++) {
            words += entry.charAt(i) == ' ' ? 1 : 0;
        }
        if (entry.length() > MAX_ENTRY_CHARS || words > MAX_ENTRY_WORDS) {
            throw new CurationException(file + " element " + index + " has " + entry.length() + " characters and "
                    + words + " words; a metadata entry may have at most " + MAX_ENTRY_CHARS + " characters and "
                    + MAX_ENTRY_WORDS + " words (MetaCLIP's are synsets and titles): is this the right file?");
        }
        return entry;
    }

    private static String describe(JsonToken t, JsonParser p) throws IOException {
        return t == null ? "missing (the file ends early)" : t.isScalarValue() ? p.getText() : t.asString();
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }
}
