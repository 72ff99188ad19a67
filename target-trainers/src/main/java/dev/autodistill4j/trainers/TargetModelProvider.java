package dev.autodistill4j.trainers;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.trainers.model.BaseModelReference;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.nio.file.Path;
import java.util.List;

/**
 * Provider {@code target}: {@code --model target:/path/to/model-dir} loads a trained model as a
 * {@link dev.autodistill4j.api.model.ClassificationBaseModel}, so {@code predict} and {@code label} use a
 * distilled model exactly like a foundation model. The model brings its own classes; an ontology in the
 * request is ignored unless its set of classes differs, which is an error (the model cannot learn new classes).
 */
public final class TargetModelProvider implements BaseModelProvider {
    /** The provider's name, as typed in {@code model} ({@code target:DIR}). */
    public static final String NAME = "target";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a model trained by 'train' (linear-probe or cnn), loaded from its directory";
    }

    @Override
    public List<String> references() {
        return List.of("<path to a model directory written by 'train `out`'>");
    }

    @Override
    public BaseModel load(ModelRequest request) throws ModelLoadException {
        String ref = request.reference();
        if (ref == null || ref.isBlank()) {
            throw new ModelLoadException("provider 'target' needs a model directory: `model` target:/path/to/model");
        }
        TargetModelDirectory dir = TargetModelDirectory.open(Path.of(ref));
        if (BaseModelReference.overridden(request) && dir.preprocessing().path("base_model").asText("").isEmpty()) {
            throw new ModelLoadException("`base-model` was given but target model " + dir.dir() + " ('"
                    + dir.trainer() + "') embeds with no base model: leave `base-model` out");
        }
        TargetTrainer trainer;
        try {
            trainer = TargetTrainers.find(dir.trainer());
        } catch (TrainingException e) {
            throw new ModelLoadException("target model " + dir.dir() + " was made by trainer '" + dir.trainer()
                    + "', which is not on the class path; available: " + TargetTrainers.names(), e);
        }
        if (!trainer.openVocabulary() && request.ontology() != null && !new java.util.HashSet<>(request.ontology().classes()).equals(new java.util.HashSet<>(dir.classes()))) {
            throw new ModelLoadException("target model " + dir.dir() + " predicts " + dir.classes()
                    + " but the ontology asks for " + request.ontology().classes()
                    + ": a trained model brings its own classes; leave `ontology` out (or retrain it on these classes)");
        }
        return trainer.load(dir, request);
    }
}
