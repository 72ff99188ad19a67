package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.ontology.ReferenceOntology.ClassDefinition;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code classes:} ontology (prompts, example images, vectors) in the form executors need: prompts, and every
 * example as a vector — the driver decodes and embeds the example images once, so no executor needs the
 * images (they live on the driver's disk), and the classifier an executor builds from it is the local one's:
 * {@code ReferenceClassifier} embeds a class's images as one batch, appends its vectors and normalises each,
 * which is exactly the list shipped here. It travels inside the task's {@link ModelKey} (a few KB per example),
 * and compares by content, so every task of an executor finds the same cached model.
 */
public final class ShippedOntology implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ReferenceOntology.Method method;
    private final int k;
    private final ArrayList<String> names;
    private final ArrayList<ArrayList<String>> prompts;
    private final ArrayList<float[][]> vectors;

    private ShippedOntology(ReferenceOntology.Method method, int k, ArrayList<String> names,
                            ArrayList<ArrayList<String>> prompts, ArrayList<float[][]> vectors) {
        this.method = method;
        this.k = k;
        this.names = names;
        this.prompts = prompts;
        this.vectors = vectors;
    }

    /** Embeds {@code ontology}'s example images with {@code model} (decoded as the local label does). */
    public static ShippedOntology embed(ReferenceOntology ontology, EmbeddingModel model) {
        ImageDecoder decoder = ImageDecoder.defaults();
        ArrayList<String> names = new ArrayList<>();
        ArrayList<ArrayList<String>> prompts = new ArrayList<>();
        ArrayList<float[][]> vectors = new ArrayList<>();
        for (ClassDefinition d : ontology.definitions()) {
            List<BufferedImage> images = new ArrayList<>();
            for (ReferenceOntology.ReferenceImage img : d.images()) {
                images.add(decoder.decode(img.path()));
            }
            List<float[]> all = new ArrayList<>(images.isEmpty() ? List.of() : model.embedImages(images));
            all.addAll(d.vectors());
            names.add(d.name());
            prompts.add(new ArrayList<>(d.prompts()));
            vectors.add(all.toArray(float[][]::new));
        }
        return new ShippedOntology(ontology.method(), ontology.k(), names, prompts, vectors);
    }

    /** The ontology an executor classifies with: the same classes, prompts, method and k, examples as vectors. */
    public ReferenceOntology toOntology() {
        ReferenceOntology.Builder b = ReferenceOntology.builder().method(method).k(k);
        for (int c = 0; c < names.size(); c++) {
            if (!prompts.get(c).isEmpty()) {
                b.prompts(names.get(c), prompts.get(c));
            }
            if (vectors.get(c).length > 0) {
                b.vectors(names.get(c), Arrays.asList(vectors.get(c)));
            }
        }
        return b.build();
    }

    public List<String> classes() {
        return List.copyOf(names);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ShippedOntology s) || method != s.method || k != s.k || !names.equals(s.names)
                || !prompts.equals(s.prompts) || vectors.size() != s.vectors.size()) {
            return false;
        }
        for (int c = 0; c < vectors.size(); c++) {
            if (!Arrays.deepEquals(vectors.get(c), s.vectors.get(c))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 31 * method.hashCode() + k;
        h = 31 * h + names.hashCode();
        for (float[][] v : vectors) {
            h = 31 * h + Arrays.deepHashCode(v);
        }
        return h;
    }
}
