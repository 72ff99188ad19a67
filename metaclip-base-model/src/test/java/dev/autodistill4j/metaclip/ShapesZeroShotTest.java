package dev.autodistill4j.metaclip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.runtime.zeroshot.CaptionClassificationModel;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A world where zero-shot answers can be right or wrong: the trained shapes CLIP must reach the reference
 * pipeline's accuracy (minus 0.03) on the held-out test images with the 16 "a photo of a {color} {shape}."
 * prompts.
 */
class ShapesZeroShotTest {

    @Test
    void zeroShotAccuracyOnHeldOutImagesReachesTheReference() throws IOException {
        Path shapes = Fixtures.resolve("shapes");
        JsonNode world = new ObjectMapper().readTree(shapes.resolve("shapes.json").toFile());
        double reference = world.get("reference_pipeline").get("zero_shot_test").asDouble();
        Map<String, String> prompts = new LinkedHashMap<>();
        for (JsonNode color : world.get("world").get("colors")) {
            for (JsonNode shape : world.get("world").get("shapes")) {
                prompts.put("a photo of a " + color.asText() + " " + shape.asText() + ".",
                        color.asText() + "_" + shape.asText());
            }
        }
        CaptionOntology ontology = CaptionOntology.of(prompts);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(shapes.resolve("images/test"))) {
            walk.filter(p -> p.toString().endsWith(".png")).sorted().forEach(files::add);
        }
        assertThat(files).hasSize(16 * 8);
        ImageDecoder decoder = ImageDecoder.defaults();
        List<BufferedImage> images = files.stream().map(decoder::decode).toList();
        ModelRequest request = new ModelRequest(shapes.resolve("shapes-clip").toString(), ontology, null, Map.of());
        try (CaptionClassificationModel model = ThroughRuntime.classifier(request)) {
            List<Classifications> results = model.predictBatch(images, 0.5);
            int correct = 0;
            for (int i = 0; i < files.size(); i++) {
                String truth = files.get(i).getParent().getFileName().toString();
                if (results.get(i).topClass().equals(truth)) {
                    correct++;
                }
            }
            double accuracy = correct / (double) files.size();
            assertThat(accuracy).as("zero-shot accuracy on images/test (reference %s)", reference)
                    .isGreaterThanOrEqualTo(reference - 0.03);
        }
    }
}
