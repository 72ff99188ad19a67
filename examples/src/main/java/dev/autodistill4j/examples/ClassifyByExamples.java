package dev.autodistill4j.examples;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.models.BaseModelRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Classes shown rather than described: a {@link ReferenceOntology} built in Java from a folder per class of
 * example images (optionally with a prompt per class, fused with the images), then one image classified.
 * Works with any embedding model: the registry puts the reference classifier on top of it.
 *
 * <pre>
 * java ... dev.autodistill4j.examples.ClassifyByExamples metaclip:../shared/fixtures/shapes/shapes-clip \
 *     ../shared/fixtures/shapes/images/test ../shared/fixtures/shapes/images/extra/red_circle/red_circle_00.png 0.5
 * </pre>
 */
public final class ClassifyByExamples {
    private ClassifyByExamples() {
    }

    /**
     * @param examplesRoot one sub-folder per class, holding its reference images; the folder name is the class
     * @param prompts      optional class → prompt, fused with the images of that class
     */
    public static ReferenceOntology ontology(Path examplesRoot, Map<String, String> prompts) throws Exception {
        ReferenceOntology.Builder b = ReferenceOntology.builder().method(ReferenceOntology.Method.PROTOTYPE);
        try (Stream<Path> classes = Files.list(examplesRoot)) {
            for (Path folder : classes.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                b.images(name, List.of(folder));
                if (prompts.containsKey(name)) {
                    b.prompts(name, List.of(prompts.get(name)));
                }
            }
        }
        return b.build();
    }

    /** Loads {@code modelSpec} for the ontology and classifies {@code image}. */
    public static Classifications classify(String modelSpec, ReferenceOntology ontology, Path image,
                                           double confidence) {
        ModelRequest request = new ModelRequest(null, ontology, null, Map.of());
        try (BaseModel model = BaseModelRegistry.discover().load(modelSpec, request)) {
            return BaseModels.classifier(model).predict(ImageDecoder.defaults().decode(image), confidence);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ClassifyByExamples MODEL EXAMPLES_DIR IMAGE [CONFIDENCE]");
            System.exit(2);
        }
        double confidence = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;
        Classifications c = classify(args[0], ontology(Path.of(args[1]), Map.of()), Path.of(args[2]), confidence);
        System.out.printf("top: %s (%.3f)%s%n", c.topClass(), c.topConfidence(),
                c.hasLabel() ? "" : " — below " + confidence + ", no class kept");
    }
}
