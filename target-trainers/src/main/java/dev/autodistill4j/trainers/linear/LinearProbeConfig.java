package dev.autodistill4j.trainers.linear;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.config.HyperParameters;
import dev.autodistill4j.trainers.data.DatasetRunRecord;
import dev.autodistill4j.trainers.config.TrainerConfig;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The linear probe's settings: which base model embeds the images, the L2 grid searched on {@code valid}, the
 * optimiser's iteration cap, and whether the chosen strength is refitted on train+valid. Parsed from the
 * request ({@code --base-model}, {@code --epochs}, {@code -p}) and read back from {@code model.json}.
 *
 * @param baseModel     {@code provider[:reference]} of the embedding model (when read back from a model: the
 *                      spec the base model reported, recorded under {@code preprocessing.base_model})
 * @param l2Grid        candidate L2 strengths, each finite and non-negative
 * @param maxIterations L-BFGS iteration cap
 * @param refit         refit on train+valid with the chosen strength
 */
public record LinearProbeConfig(String baseModel, List<Double> l2Grid, int maxIterations, boolean refit)
        implements TrainerConfig {

    /** The {@code -p} keys the linear probe understands. */
    public static final Set<String> KEYS = Set.of("l2-grid", "max-iterations", "refit");
    public static final String DEFAULT_BASE_MODEL = "metaclip";
    private static final String DEFAULT_GRID = "0.00001,0.0001,0.001,0.01,0.1";
    private static final int DEFAULT_MAX_ITERATIONS = 500;

    public LinearProbeConfig {
        l2Grid = List.copyOf(l2Grid);
    }

    /**
     * Parses and validates the request: {@code --base-model} (default: the model that labelled the dataset, as
     * its {@code run.json} records it, else {@value #DEFAULT_BASE_MODEL}),
     * {@code --epochs} as the iteration cap when given, else {@code -p max-iterations}; no {@code --init}.
     */
    public static LinearProbeConfig from(TrainingRequest r) {
        if (r.initCheckpoint() != null) {
            throw new TrainingException("linear-probe has a convex loss and always reaches the same optimum: "
                    + "`init` is only for the cnn trainer");
        }
        HyperParameters p = HyperParameters.of(LinearProbeTrainer.NAME, r, KEYS);
        List<Double> grid = parseGrid(p.text("l2-grid", DEFAULT_GRID));
        int maxIterations = r.epochs() > 0 ? r.epochs()
                : p.integer("max-iterations", DEFAULT_MAX_ITERATIONS, 1, Integer.MAX_VALUE);
        String base = DatasetRunRecord.of(r.datasetDir()).baseModel(r.baseModelSpec(), DEFAULT_BASE_MODEL,
                LinearProbeTrainer.NAME);
        return new LinearProbeConfig(base, grid, maxIterations, p.bool("refit", true));
    }

    /**
     * The settings a linear-probe model directory was trained with; only the base model is required (it is
     * loaded again to embed images), the rest default as in training when a manifest lacks them.
     *
     * @throws ModelLoadException when the manifest records no base model
     */
    public static LinearProbeConfig read(TargetModelDirectory dir) {
        String spec = dir.preprocessing().path("base_model").asText("");
        if (spec.isEmpty()) {
            throw new ModelLoadException(dir.dir() + "/model.json records no base model: retrain the model");
        }
        JsonNode hp = dir.hyperParameters();
        List<Double> grid = hp.path("l2-grid").isArray() && !hp.path("l2-grid").isEmpty()
                ? java.util.stream.StreamSupport.stream(hp.path("l2-grid").spliterator(), false)
                .map(JsonNode::asDouble).toList()
                : parseGrid(DEFAULT_GRID);
        return new LinearProbeConfig(spec, grid, hp.path("max-iterations").asInt(DEFAULT_MAX_ITERATIONS),
                hp.path("refit").asBoolean(true));
    }

    private static List<Double> parseGrid(String text) {
        try {
            double[] g = Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToDouble(Double::parseDouble).toArray();
            if (g.length == 0 || Arrays.stream(g).anyMatch(v -> !(v >= 0 && Double.isFinite(v)))) {
                throw new NumberFormatException();
            }
            return Arrays.stream(g).boxed().toList();
        } catch (NumberFormatException e) {
            throw new TrainingException("l2-grid=" + text + " is not a comma-separated list of non-negative numbers:"
                    + " give e.g. l2-grid=0.0001,0.001,0.01");
        }
    }

    /**
     * {@code l2-grid}, {@code max-iterations}, {@code refit} as {@code model.json} has always named them (the
     * chosen {@code l2} is added by the fit; the base model is recorded under {@code preprocessing}).
     */
    @Override
    public Map<String, Object> toHyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("l2-grid", l2Grid);
        m.put("max-iterations", maxIterations);
        m.put("refit", refit);
        return m;
    }
}
