package dev.autodistill4j.trainers.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.datasets.LabelOutputFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a labelling run recorded about a dataset in its {@code run.json} ({@code label}, {@code spark label}, or
 * the source's, kept by {@code dataset balance}):
 * the model that labelled it and the ontology. A dataset without one (an ImageFolder made by hand) records
 * nothing; an unreadable one is warned about and treated as absent, since training does not need it.
 */
public final class DatasetRunRecord {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetRunRecord.class);
    public static final String FILE = "run.json";

    private final Path file;
    private final JsonNode root;

    private DatasetRunRecord(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** The record of the dataset at {@code datasetDir} (empty when it has no readable {@code run.json}). */
    public static DatasetRunRecord of(Path datasetDir) {
        Path file = datasetDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new DatasetRunRecord(file, null);
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            return new DatasetRunRecord(file, root != null && root.isObject() ? labellingRun(root) : null);
        } catch (IOException e) {
            LOG.warn("{} is unreadable ({}); training goes on without what it records", file, e.getMessage());
            return new DatasetRunRecord(file, null);
        }
    }

    /**
     * The labelling run behind {@code root}: {@code dataset balance} copies images and keeps its source's
     * {@code run.json} as {@code source_run}, so a balanced (or twice balanced) dataset still names the model and
     * ontology that labelled it.
     */
    private static JsonNode labellingRun(JsonNode root) {
        JsonNode run = root;
        for (int depth = 0; depth < 16 && LabelOutputFolder.BALANCE_COMMAND.equals(run.path("command").asText(null))
                && run.path("source_run").isObject(); depth++) {
            run = run.get("source_run");
        }
        return run;
    }

    public Path file() {
        return file;
    }

    /** The {@code provider[:reference]} of the model that labelled the dataset, when recorded. */
    public Optional<String> model() {
        JsonNode m = root == null ? null : root.get("model");
        return m != null && m.isTextual() && !m.asText().isBlank() ? Optional.of(m.asText().strip()) : Optional.empty();
    }

    /** The ontology the labelling run recorded, or null. */
    public JsonNode ontology() {
        JsonNode o = root == null ? null : root.get("ontology");
        return o == null || o.isNull() ? null : o;
    }

    /**
     * The base model a trainer embeds with: {@code requested} when the user gave one, else the model recorded
     * here (said on the log, so the user sees which model it is), else {@code fallback}.
     */
    public String baseModel(String requested, String fallback, String trainer) {
        if (requested != null) {
            return requested;
        }
        Optional<String> recorded = model();
        if (recorded.isPresent()) {
            LOG.info("{}: no `base-model` given; embedding with {}, the model that labelled the dataset (recorded "
                    + "in {}); pass `base-model` to choose another", trainer, recorded.get(), file);
            return recorded.get();
        }
        LOG.info("{}: no `base-model` given and {} records no model; embedding with the default {}", trainer, file,
                fallback);
        return fallback;
    }
}
