package dev.autodistill4j.trainers;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.api.spi.ModelLoader;
import dev.autodistill4j.trainers.data.EmbeddingModelSupplier;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link TargetTrainer} needs. Trainer-specific knobs travel as string hyper-parameters so the CLI
 * and the Java API share one vocabulary ({@code --param lr=0.01}) and every value lands in the model's
 * provenance exactly as the user gave it.
 *
 * @param datasetDir      the labelled dataset (label() layout, ImageFolder or YOLO-cls)
 * @param outputDir       the model directory to create; must not exist or be empty
 * @param baseModelSpec   {@code provider[:reference]} of the embedding model (linear-probe's base, student's
 *                        teacher); null → trainer default. The trainer asks {@code embeddings} for it and the
 *                        model's provenance records it; the trainer never loads it by itself
 * @param epochs          training epochs (cnn) or optimiser iterations cap (linear-probe); 0 → trainer default
 * @param seed            seed for every random choice (initial weights, shuffles, augmentation)
 * @param hyperParameters trainer-specific settings, e.g. {@code lr}, {@code input-size}, {@code l2-grid}; each
 *                        trainer parses them into its typed config and refuses keys it does not know
 * @param initCheckpoint  starting weights (a previous model dir or a DJL .params file), or null
 * @param device          where to train and embed; null → {@link Device#CPU} (never the engine's own choice)
 * @param progress        receives progress; never null
 * @param embeddings      where the embedding model comes from (the caller's registry, a test's fake); null →
 *                        {@link EmbeddingModelSupplier#fromClassPath()}, the public entry for library users
 */
public record TrainingRequest(Path datasetDir, Path outputDir, String baseModelSpec, int epochs, long seed,
                              Map<String, String> hyperParameters, Path initCheckpoint, Device device,
                              ProgressListener progress, EmbeddingModelSupplier embeddings) {

    public TrainingRequest {
        Objects.requireNonNull(datasetDir, "datasetDir");
        Objects.requireNonNull(outputDir, "outputDir");
        if (epochs < 0) {
            throw new TrainingException("epochs must be >= 0 (0 means the trainer's default), got " + epochs);
        }
        hyperParameters = hyperParameters == null ? Map.of() : Map.copyOf(hyperParameters);
        progress = progress == null ? ProgressListener.NONE : progress;
        device = device == null ? Device.CPU : device;
        embeddings = embeddings == null ? EmbeddingModelSupplier.fromClassPath() : embeddings;
    }

    public static Builder builder(Path datasetDir, Path outputDir) {
        return new Builder(datasetDir, outputDir);
    }

    /** A hyper-parameter as text, or {@code fallback}. */
    public String param(String key, String fallback) {
        return hyperParameters.getOrDefault(key, fallback);
    }

    public double doubleParam(String key, double fallback) {
        String v = hyperParameters.get(key);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!Double.isFinite(d)) { // NaN passes every "x <= 0" range check after this, so refuse it here
            throw new TrainingException("hyper-parameter " + key + "=" + v + " is not a finite number: give e.g. "
                    + key + "=" + fallback);
        }
        return d;
    }

    public int intParam(String key, int fallback) {
        String v = hyperParameters.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new TrainingException("hyper-parameter " + key + "=" + v + " is not an integer: give e.g. "
                    + key + "=" + fallback);
        }
    }

    public boolean booleanParam(String key, boolean fallback) {
        String v = hyperParameters.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new TrainingException("hyper-parameter " + key + "=" + v + " is not a boolean: "
                    + "give true or false");
        };
    }

    /** Fluent construction with the defaults the CLI uses. */
    public static final class Builder {
        private final Path datasetDir;
        private final Path outputDir;
        private String baseModelSpec;
        private int epochs;
        private long seed = 42;
        private final Map<String, String> params = new LinkedHashMap<>();
        private Path init;
        private Device device;
        private ProgressListener progress = ProgressListener.NONE;
        private EmbeddingModelSupplier embeddings;

        private Builder(Path datasetDir, Path outputDir) {
            this.datasetDir = datasetDir;
            this.outputDir = outputDir;
        }

        public Builder baseModel(String spec) {
            this.baseModelSpec = spec;
            return this;
        }

        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder param(String key, String value) {
            params.put(key, value);
            return this;
        }

        public Builder params(Map<String, String> p) {
            params.putAll(p);
            return this;
        }

        public Builder init(Path checkpoint) {
            this.init = checkpoint;
            return this;
        }

        /** Parses the user's text ({@code cpu}, {@code gpu}, {@code gpu:N}) with {@link Device#parse}. */
        public Builder device(String d) {
            return device(Device.parse(d));
        }

        public Builder device(Device d) {
            this.device = d;
            return this;
        }

        public Builder progress(ProgressListener p) {
            this.progress = ProgressListener.orNone(p);
            return this;
        }

        /** Where the embedding model comes from (default: {@link EmbeddingModelSupplier#fromClassPath()}). */
        public Builder embeddings(EmbeddingModelSupplier supplier) {
            this.embeddings = supplier;
            return this;
        }

        /** Embedding models loaded through {@code models}, e.g. the invocation's {@code BaseModelRegistry}. */
        public Builder embeddings(ModelLoader models) {
            return embeddings(EmbeddingModelSupplier.from(models));
        }

        public TrainingRequest build() {
            return new TrainingRequest(datasetDir, outputDir, baseModelSpec, epochs, seed, params, init, device,
                    progress, embeddings);
        }
    }
}
