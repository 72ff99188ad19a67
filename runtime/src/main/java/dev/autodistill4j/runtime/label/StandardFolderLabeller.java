package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.image.FolderLabeller;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;

import java.nio.file.Path;
import java.util.Set;

/**
 * The {@link FolderLabeller} the runtime registers, behind {@link ClassificationBaseModel#label}: a
 * {@link LabelConfig} with the defaults and the model's own ontology, run by {@link LabelRunner} on the caller's
 * model (which the caller still owns and closes).
 */
public final class StandardFolderLabeller implements FolderLabeller {
    @Override
    public Path label(ClassificationBaseModel model, Path input, String extension, Path output) {
        LabelConfig.Builder b = LabelConfig.builder().model(model.info().spec()).ontology(model.ontology())
                .input(input).output(output);
        if (extension != null) {
            b.extensions(Set.of(extension));
        }
        LabelConfig config = b.build();
        new LabelRunner(BaseModelRegistry.discover()).run(config, model, ProgressListener.NONE);
        return config.output();
    }
}
