package dev.autodistill4j.curation;

import dev.autodistill4j.datasets.Versions;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autodistill4j.datasets.Sha256;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code run.json} of a curate run: what went in (metadata path, sha256 and size; texts path and sha256; t;
 * variant; the seed, or the draws file and its sha256), what came out, and the versions — so a curated set can
 * be traced and reproduced. Its {@code "command": "curate"} marks the folder as curate's own.
 */
public final class CurationRunJson {
    private CurationRunJson() {
    }

    static void write(OutputFolder out, CurationSettings s, Metadata metadata, DrawsFile drawsFile, CurationResult r) {
        write(out, s, metadata, drawsFile, r, Map.of());
    }

    /**
     * As the local run writes it, with the top-level fields of {@code extra} added or replacing (e.g.
     * {@code spark curate}'s {@code "tool"} and its texts as a Hadoop URI); {@code "command"} stays
     * {@code "curate"}, so either command recognises the other's output as curate's own.
     */
    public static void write(OutputFolder out, CurationSettings s, Metadata metadata, DrawsFile drawsFile,
                             CurationResult r, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", OutputFolder.COMMAND);
        m.put("reference", "facebookresearch/MetaCLIP: metaclip1 substr_matching (spacing of texts only); "
                + (s.variant() == Balancing.Variant.PER_TEXT ? "curate.py one draw per text"
                : "metaclip1 balancing.py balance_sampling"));
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("path", s.metadata().toAbsolutePath().toString());
        md.put("sha256", metadata.sha256());
        md.put("entries", metadata.size());
        m.put("metadata", md);
        Map<String, Object> texts = new LinkedHashMap<>();
        texts.put("path", s.texts().toAbsolutePath().toString());
        texts.put("sha256", r.textsSha256());
        m.put("texts", texts);
        m.put("t", s.t());
        m.put("variant", s.variant() == Balancing.Variant.PER_TEXT ? "per-text" : "sequential");
        Map<String, Object> draws = new LinkedHashMap<>();
        if (drawsFile == null) {
            draws.put("seed", s.seed());
            draws.put("generator", "SplitMix64, top 53 bits / 2^53");
        } else {
            draws.put("file", drawsFile.file().toAbsolutePath().toString());
            draws.put("sha256", sha256(drawsFile.file()));
            draws.put("values", drawsFile.size());
        }
        draws.put("used", r.drawsUsed());
        m.put("draws", draws);
        java.util.List<Map<String, Object>> counts = new java.util.ArrayList<>();
        for (Path c : s.counts()) {
            counts.add(Map.of("path", c.toAbsolutePath().toString(), "sha256", sha256(c)));
        }
        m.put("balanced_with", counts.isEmpty() ? "this run's counts" : counts);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("texts", r.texts());
        results.put("texts_with_matches", r.textsWithMatches());
        results.put("matches", r.matches());
        results.put("entries_matched", r.entriesMatched());
        results.put("kept", r.kept());
        m.put("results", results);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("autodistill4j", version());
        versions.put("java", System.getProperty("java.version"));
        m.put("versions", versions);
        m.putAll(extra);
        m.put("command", OutputFolder.COMMAND);
        Path file = out.temp(OutputFolder.RUN);
        try (var stream = out.createTemp(OutputFolder.RUN)) {
            TextRow.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValue(stream, m);
        } catch (IOException e) {
            throw new CurationException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String version() {
        return Versions.autodistill4j();
    }

    private static String sha256(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new CurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
