package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.image.FolderLabeller;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The {@link FolderLabeller} the runtime registers, behind {@link ClassificationBaseModel#label}: a
 * {@link LabelConfig} with the defaults and the model's own ontology, run by {@link LabelRunner} on the caller's
 * model (which the caller still owns and closes). The model is given, so the runner loads nothing: its registry
 * is empty rather than one discovered behind the caller's back.
 */
public final class StandardFolderLabeller implements FolderLabeller {
    private static final BaseModelRegistry NO_MODELS = BaseModelRegistry.of(List.of());

    @Override
    public Path label(ClassificationBaseModel model, Path input, String extension, Path output) {
        LabelConfig.Builder b = LabelConfig.builder().model(model.info().spec()).ontology(model.ontology())
                .input(input).output(output);
        if (extension != null) {
            b.extensions(Set.of(extension));
        }
        LabelConfig config = b.build();
        new LabelRunner(NO_MODELS).run(config, model, ProgressListener.NONE);
        return config.output();
    }
}
