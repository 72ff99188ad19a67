package dev.autodistill4j.examples;

import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.regions.RegionLabelConfig;
import dev.autodistill4j.runtime.regions.RegionLabelRunner;
import dev.autodistill4j.runtime.regions.RegionSummary;
import dev.autodistill4j.runtime.regions.UnknownBoxes;
import dev.autodistill4j.runtime.models.BaseModelRegistry;

import java.nio.file.Path;

/**
 * autodistill's ComposedDetectionModel when the boxes already exist: every box of a YOLO label folder (or COCO
 * JSON) is cropped, classified into the ontology and written back with the new classes.
 *
 * <pre>
 * java ... dev.autodistill4j.examples.NameBoxes metaclip:../shared/fixtures/shapes/shapes-clip \
 *     examples/src/main/resources/shapes-ontology.yaml images/ labels/ named/
 * </pre>
 */
public final class NameBoxes {
    private NameBoxes() {
    }

    public static RegionSummary run(String modelSpec, Path ontology, Path images, Path boxes, Path output) {
        RegionLabelConfig config = RegionLabelConfig.builder()
                .model(modelSpec).ontology(OntologyLoader.loadAny(ontology))
                .images(images).boxes(boxes).output(output)
                .padding(0.1).minSize(8).confidence(0.5).unknown(UnknownBoxes.KEEP)
                .build();
        return new RegionLabelRunner(BaseModelRegistry.discover()).run(config, ProgressListener.NONE);
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: NameBoxes MODEL ONTOLOGY.yaml IMAGES_DIR BOXES(DIR|FILE.json) OUTPUT_DIR");
            System.exit(2);
        }
        RegionSummary s = run(args[0], Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
        s.describe().forEach(System.out::println);
    }
}
