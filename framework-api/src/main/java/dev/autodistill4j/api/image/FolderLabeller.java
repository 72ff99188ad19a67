package dev.autodistill4j.api.image;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.ClassificationBaseModel;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * What {@link ClassificationBaseModel#label(Path, String, Path)} runs — autodistill's
 * {@code base_model.label(input_folder, extension, output_folder)}: the runtime's label runner (resumable output,
 * splits, manifest, provenance), registered with {@link ServiceLoader} by {@code dev.autodistill4j:runtime} so
 * that {@code framework-api} stays free of it. For every setting (threshold, split, seed, batch, progress) use
 * {@code dev.autodistill4j.runtime.label.LabelRunner} with a {@code LabelConfig}.
 */
public interface FolderLabeller {

    /**
     * Labels the images below {@code input} (only those ending in {@code extension} when it is not null) into
     * the dataset folder {@code output}, with the label defaults (confidence 0.5, split 0.7/0.2/0.1, seed 42).
     *
     * @return {@code output}
     */
    Path label(ClassificationBaseModel model, Path input, String extension, Path output);

    /**
     * The registered labeller (the runtime's).
     *
     * @throws Autodistill4jException when none is on the class path, saying which jar to add
     */
    static FolderLabeller standard() {
        return Holder.LABELLER;
    }

    /** Looked up once, on first use. */
    final class Holder {
        private static final FolderLabeller LABELLER = ServiceLoader.load(FolderLabeller.class,
                FolderLabeller.class.getClassLoader()).findFirst().orElse((model, input, extension, output) -> {
                    throw new Autodistill4jException("cannot label " + input + ": no label runner on the class path; "
                            + "add the dependency dev.autodistill4j:runtime");
                });

        private Holder() {
        }
    }
}
