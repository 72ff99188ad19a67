package dev.autodistill4j.datasets.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.OutputFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code review} entry of a dataset's {@code run.json}: that people reviewed it, how much and when, so the
 * provenance of a model trained on it says its labels are not the labeller's alone. {@code label} resume keeps
 * the entry. Written to {@code run.json}'s temporary name and renamed, as {@code label} writes it.
 */
public final class RunJsonReview {
    /** The key in {@code run.json}. */
    public static final String KEY = "review";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunJsonReview() {
    }

    static void update(Path root, ReviewedManifest state) {
        ObjectNode run = (ObjectNode) LabelOutputFolder.readRunJson(root).orElseThrow(() ->
                new DatasetWriteException(root + " is no longer a label output (run.json is gone or foreign)"))
                .deepCopy();
        List<ReviewRecord> log = state.log();
        ObjectNode review = run.putObject(KEY);
        review.put("log", ReviewLog.FILE_NAME);
        review.put("records", log.size());
        review.put("corrected", state.corrected());
        review.put("last", log.isEmpty() ? null : log.get(log.size() - 1).when());
        TreeSet<String> who = new TreeSet<>();
        log.forEach(r -> who.add(String.valueOf(r.who())));
        review.putPOJO("reviewers", List.copyOf(who));
        Path file = root.resolve(LabelOutputFolder.RUN_JSON);
        try {
            OutputFiles.replace(file, out -> MAPPER.writeValue(out, run));
        } catch (IOException e) {
            throw new DatasetWriteException("cannot record the review in " + file + ": " + e.getMessage()
                    + " (the corrections themselves are in " + ReviewLog.FILE_NAME + ")", e);
        }
    }
}
