package dev.autodistill4j.cli.commands;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.reference.ReferenceClassifier;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classes defined by example images on the shapes fixture: accuracy on {@code images/pool} (1,600 JPEGs) of
 * prototypes built from 1, 3 and 5 reference images per class taken from {@code images/test}, of prompts
 * fused with them, and of k-NN, against zero-shot with the reference prompts. The table is printed (and
 * copied into docs/reference-ontologies.md).
 */
class ReferenceShapesFixtureTest {
    static Path shapes;
    static List<String> classes;

    @BeforeAll
    static void fixture() {
        shapes = Fixtures.resolve("shapes");
        classes = new ArrayList<>();
        for (String c : ShapesScenes.COLOURS) {
            for (String s : ShapesScenes.SHAPES) {
                classes.add(c + "_" + s);
            }
        }
    }

    static String prompt(String className) {
        String[] p = className.split("_");
        return "a photo of a " + p[0] + " " + p[1] + ".";
    }

    /** The first {@code n} images (sorted) of each class of images/test. */
    static List<Path> references(String className, int n) {
        return ImageFiles.walk(shapes.resolve("images/test").resolve(className)).subList(0, n);
    }

    static ReferenceOntology ontology(int refs, boolean prompts, ReferenceOntology.Method method) {
        ReferenceOntology.Builder b = ReferenceOntology.builder().method(method).k(3);
        for (String c : classes) {
            if (prompts) {
                b.prompts(c, List.of(prompt(c)));
            }
            if (refs > 0) {
                b.images(c, references(c, refs));
            }
        }
        return b.build();
    }

    @Test
    void prototypesFromReferenceImagesAgainstZeroShot() {
        Path eval = Files.isDirectory(shapes.resolve("images/pool")) ? shapes.resolve("images/pool")
                : shapes.resolve("images/extra");
        ModelRequest request = new ModelRequest(null, null, null, Map.of());
        try (BaseModel loaded = BaseModelRegistry.discover().load("metaclip:" + shapes.resolve("shapes-clip"), request)) {
            EmbeddingModel model = (EmbeddingModel) loaded;
            List<Path> files = ImageFiles.walk(eval);
            List<String> truth = files.stream().map(f -> f.getParent().getFileName().toString()).toList();
            List<float[]> embeddings = new ArrayList<>();
            ImageDecoder decoder = ImageDecoder.defaults();
            for (int start = 0; start < files.size(); start += 64) {
                List<BufferedImage> batch = files.subList(start, Math.min(files.size(), start + 64)).stream()
                        .map(decoder::decode).toList();
                embeddings.addAll(model.embedImages(batch));
            }
            Map<String, Double> acc = new LinkedHashMap<>();
            acc.put("zero-shot (prompt only)", accuracy(model, ontology(0, true, ReferenceOntology.Method.PROTOTYPE),
                    embeddings, truth));
            for (int n : new int[]{1, 3, 5}) {
                acc.put("prototype, " + n + " image(s)/class",
                        accuracy(model, ontology(n, false, ReferenceOntology.Method.PROTOTYPE), embeddings, truth));
                acc.put("prompt + " + n + " image(s)/class (fused)",
                        accuracy(model, ontology(n, true, ReferenceOntology.Method.PROTOTYPE), embeddings, truth));
            }
            acc.put("k-NN (k=3), 5 images/class",
                    accuracy(model, ontology(5, false, ReferenceOntology.Method.KNN), embeddings, truth));
            System.out.println("reference ontologies on shapes " + eval.getFileName() + " (" + files.size()
                    + " images; reference zero-shot 0.944):");
            acc.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-40s %.4f%n", k, v));
            // our prompt-only path is the reference's zero-shot classifier (one prompt per class)
            assertThat(acc.get("zero-shot (prompt only)")).isBetween(0.944 - 0.02, 0.944 + 0.02);
            // images alone, without any prompt, name the classes about as well as the prompts (measured: 0.9425)
            for (int n : new int[]{1, 3, 5}) {
                assertThat(acc.get("prototype, " + n + " image(s)/class")).isGreaterThan(0.90);
            }
            assertThat(acc.get("k-NN (k=3), 5 images/class")).isGreaterThan(0.90);
            assertThat(acc.get("prompt + 5 image(s)/class (fused)")).isGreaterThanOrEqualTo(
                    acc.get("zero-shot (prompt only)") - 0.01);
        }
    }

    static double accuracy(EmbeddingModel model, ReferenceOntology ontology, List<float[]> embeddings,
                           List<String> truth) {
        ReferenceClassifier classifier = ReferenceClassifier.build(model, ontology, ImageDecoder.defaults());
        int right = 0;
        for (int i = 0; i < embeddings.size(); i++) {
            if (classifier.topClass(embeddings.get(i)).equals(truth.get(i))) {
                right++;
            }
        }
        return (double) right / embeddings.size();
    }
}
