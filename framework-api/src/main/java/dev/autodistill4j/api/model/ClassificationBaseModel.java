package dev.autodistill4j.api.model;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.image.FolderLabeller;
import dev.autodistill4j.api.image.ImageFileReader;
import dev.autodistill4j.api.ontology.Ontology;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A model that assigns images to the classes of an ontology.
 *
 * <p>An implementor gives evidence only — {@link #classify(ClassificationRequest)}, a distribution per image —
 * and the decision (which classes pass a threshold) is made here, once, for every model ({@link #predictBatch}):
 * no provider sees a threshold.
 *
 * <p>Images are decoded, RGB {@link BufferedImage}s (see {@code dev.autodistill4j.runtime.image.ImageDecoder});
 * class ids in the result index {@link Ontology#classes()}.
 */
public interface ClassificationBaseModel extends BaseModel {

    /** The ontology this model classifies into (for a trained target model: its own class list). */
    Ontology ontology();

    /**
     * The evidence: one distribution over {@link #ontology()}'s classes per image of the request, in order. This
     * is the one method a classifying provider writes.
     */
    ClassificationResponse classify(ClassificationRequest request);

    /**
     * Classifies one image. Keeps the classes whose probability is strictly greater than {@code confidence}
     * (autodistill's semantics), but the full distribution is always in the result.
     */
    default Classifications predict(BufferedImage image, double confidence) {
        return predictBatch(List.of(image), confidence).get(0);
    }

    /**
     * Classifies a batch; the result has one entry per input image, in order: the model's evidence
     * ({@link #classify}) with the decision — {@link Classifications#fromDistribution} at {@code confidence} —
     * made here for every model.
     *
     * @throws Autodistill4jException when the model answers for another number of images than it was given
     */
    default List<Classifications> predictBatch(List<BufferedImage> images, double confidence) {
        List<float[]> evidence = classify(new ClassificationRequest(images)).distributions();
        if (evidence.size() != images.size()) {
            throw new Autodistill4jException("model " + info().spec() + " returned " + evidence.size()
                    + " distributions for " + images.size() + " images: the model is broken");
        }
        List<String> classes = ontology().classes();
        List<Classifications> out = new ArrayList<>(evidence.size());
        for (float[] distribution : evidence) {
            out.add(Classifications.fromDistribution(classes, distribution, confidence));
        }
        return out;
    }

    /**
     * Classifies an image file, decoded as the CLI decodes it (the runtime's {@link ImageFileReader}: RGB, EXIF
     * orientation, size limits).
     *
     * @throws dev.autodistill4j.api.Autodistill4jException naming the file when it cannot be decoded
     */
    default Classifications predict(Path image, double confidence) {
        return predict(ImageFileReader.standard().read(requireNonNull(image, "image")), confidence);
    }

    /** Classifies image files (decoded as {@link #predict(Path, double)} decodes them); one result per file. */
    default List<Classifications> predictFiles(List<Path> images, double confidence) {
        ImageFileReader reader = ImageFileReader.standard();
        return predictBatch(requireNonNull(images, "images").stream().map(reader::read).toList(), confidence);
    }

    /**
     * autodistill's {@code base_model.label(input_folder, extension=..., output_folder=...)}: labels every image
     * below {@code inputFolder} whose name ends in {@code extension} ({@code ".jpg"} or {@code "jpg"}, any case;
     * null for every image) into a dataset at {@code outputFolder} — {@code train|valid|test/<class>/},
     * {@code unlabeled/}, {@code manifest.jsonl}, {@code run.json}, resumable — with the label defaults
     * (confidence 0.5, split 0.7/0.2/0.1, seed 42). The caller keeps ownership of this model. Other settings:
     * {@code dev.autodistill4j.runtime.label.LabelRunner}.
     *
     * @return {@code outputFolder}
     */
    default Path label(Path inputFolder, String extension, Path outputFolder) {
        return FolderLabeller.standard().label(this, requireNonNull(inputFolder, "inputFolder"), extension,
                requireNonNull(outputFolder, "outputFolder"));
    }

    /** {@link #label(Path, String, Path)} of every image below {@code inputFolder}. */
    default Path label(Path inputFolder, Path outputFolder) {
        return label(inputFolder, null, outputFolder);
    }
}
