package dev.autodistill4j.search.cluster;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.runtime.reference.ReferenceClassifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Names a cluster by the text whose embedding is closest to the cluster's (normalised) centroid: zero-shot
 * classification of the centroid. Candidates come from the user's ontology (prompt → class) or, by default,
 * from a built-in vocabulary of a few hundred everyday object and scene names, prompted as
 * {@code "a photo of a {name}."}.
 */
public final class ClusterNamer {
    static final String VOCABULARY = "/dev/autodistill4j/search/vocabulary.txt";

    private final List<String> names;
    private final float[][] textEmbeddings;

    /** When set, names a centroid instead of the nearest text (a reference-ontology classifier). */
    private final Function<float[], String> classifier;

    private ClusterNamer(List<String> names, List<float[]> embeddings) {
        this.names = List.copyOf(names);
        this.textEmbeddings = embeddings.stream().map(Embeddings::normalize).toArray(float[][]::new);
        this.classifier = null;
    }

    private ClusterNamer(Function<float[], String> classifier) {
        this.names = List.of();
        this.textEmbeddings = new float[0][];
        this.classifier = classifier;
    }

    /**
     * Candidates from an ontology with example images or vectors: the centroid is named by the
     * {@link ReferenceClassifier} (prototypes, k-NN, text fused with images) — the class {@code predict} would
     * give an image at the centroid.
     */
    public static ClusterNamer fromClassifier(ReferenceClassifier classifier) {
        return new ClusterNamer(classifier::topClass);
    }

    /** Candidates from an ontology: every prompt votes for its class. */
    public static ClusterNamer fromOntology(EmbeddingModel model, Ontology ontology) {
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < ontology.prompts().size(); i++) {
            classes.add(ontology.classes().get(ontology.classIdOfPrompt(i)));
        }
        return new ClusterNamer(classes, model.embedTexts(ontology.prompts()));
    }

    /** Candidates from the built-in vocabulary. */
    public static ClusterNamer fromVocabulary(EmbeddingModel model) {
        List<String> vocabulary = builtInVocabulary();
        List<String> prompts = vocabulary.stream().map(n -> "a photo of a " + n + ".").toList();
        return new ClusterNamer(vocabulary, model.embedTexts(prompts));
    }

    /** The built-in names, in file order. */
    public static List<String> builtInVocabulary() {
        try (InputStream in = ClusterNamer.class.getResourceAsStream(VOCABULARY)) {
            if (in == null) {
                throw new IllegalStateException(VOCABULARY + " is missing from the search jar");
            }
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String s = line.strip();
                    if (!s.isEmpty() && !s.startsWith("#")) {
                        out.add(s);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The best-matching name for a centroid. */
    public String name(double[] centroid) {
        float[] c = new float[centroid.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) centroid[i];
        }
        float[] unit = Embeddings.normalize(c);
        if (classifier != null) {
            return classifier.apply(unit);
        }
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < textEmbeddings.length; i++) {
            double s = Embeddings.dot(unit, textEmbeddings[i]);
            if (s > bestScore) {
                bestScore = s;
                best = i;
            }
        }
        return names.get(best);
    }
}
