package dev.autodistill4j.examples;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.runtime.models.BaseModelRegistry;

import java.nio.file.Path;

/** Usage: ReadmeExample [metaclip | metaclip:/path/to/checkpoint] [ontology.yaml] [cat.jpg] */
public class ReadmeExample {
    public static void main(String[] args) {
        String modelSpec = args.length > 0 ? args[0] : "metaclip";
        CaptionOntology ontology = OntologyLoader.load(Path.of(args.length > 1 ? args[1] : "ontology.yaml"));
        Path image = Path.of(args.length > 2 ? args[2] : "cat.jpg");
        try (BaseModel model = BaseModelRegistry.discover().load(modelSpec,
                ModelRequest.forOntology(ontology))) {
            ClassificationBaseModel classifier = BaseModels.classifier(model);
            Classifications c = classifier.predict(image, 0.5); // decoded as the CLI decodes it
            System.out.println(c.topClass() + " " + c.topConfidence() + " " + c.scores());
        }
    }
}
