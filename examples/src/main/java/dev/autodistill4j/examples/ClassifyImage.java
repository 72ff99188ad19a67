package dev.autodistill4j.examples;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.runtime.models.BaseModelRegistry;

import java.nio.file.Path;
import java.util.Map;

/**
 * Example 1 of the MetaCLIP article: classify one image with a caption ontology and a confidence threshold.
 *
 * <pre>
 * java ... dev.autodistill4j.examples.ClassifyImage metaclip:../shared/fixtures/shapes/shapes-clip \
 *     examples/src/main/resources/shapes-ontology.yaml ../shared/fixtures/shapes/images/test/red_circle/red_circle_00.png 0.5
 * </pre>
 */
public final class ClassifyImage {
    private ClassifyImage() {
    }

    /** Loads the model for the ontology and classifies {@code image}, keeping classes above {@code confidence}. */
    public static Classifications classify(String modelSpec, CaptionOntology ontology, Path image, double confidence) {
        ModelRequest request = new ModelRequest(null, ontology, null, Map.of());
        try (BaseModel model = BaseModelRegistry.discover().load(modelSpec, request)) {
            if (!(model instanceof ClassificationBaseModel classifier)) {
                throw new ModelLoadException(modelSpec + " cannot classify images");
            }
            return classifier.predict(ImageDecoder.defaults().decode(image), confidence);
        }
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: ClassifyImage MODEL ONTOLOGY.yaml IMAGE [CONFIDENCE]");
            System.exit(2);
        }
        double confidence = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;
        Classifications c = classify(args[0], OntologyLoader.load(Path.of(args[1])), Path.of(args[2]), confidence);
        System.out.printf("top: %s (%.3f)%n", c.topClass(), c.topConfidence());
        if (!c.hasLabel()) {
            System.out.printf("no class above %.2f: the image would go to unlabeled/%n", confidence);
        }
        for (int i = 0; i < c.classIds().length; i++) {
            System.out.printf("  %s %.3f%n", c.classes().get(c.classIds()[i]), c.confidences()[i]);
        }
    }
}
