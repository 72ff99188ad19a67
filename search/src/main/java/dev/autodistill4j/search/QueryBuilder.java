package dev.autodistill4j.search;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.FiniteValues;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Combines several query terms into one search vector, as rclip does: each term is embedded and normalised,
 * added (or, for a text starting with {@code -}, subtracted), and the sum normalised again. So
 * {@code "a dog", "-grass"} finds dogs that are not on grass; {@code "--x"} is the literal text {@code "-x"}.
 */
public final class QueryBuilder {
    private final EmbeddingModel model;
    private final List<String> positiveTexts = new ArrayList<>();
    private final List<String> negativeTexts = new ArrayList<>();
    private final List<BufferedImage> images = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();

    public QueryBuilder(EmbeddingModel model) {
        this.model = model;
    }

    /** Adds a text term; a leading {@code -} subtracts it instead. */
    public QueryBuilder text(String term) {
        if (term == null || term.isBlank() || term.strip().equals("-")) {
            throw new SearchIndexException("a `text` query term is empty: give words such as \"a photo of a dog\"");
        }
        if (term.startsWith("--")) {
            positiveTexts.add(term.substring(1));
        } else if (term.startsWith("-")) {
            negativeTexts.add(term.substring(1).strip());
        } else {
            positiveTexts.add(term);
        }
        return this;
    }

    public QueryBuilder image(BufferedImage image) {
        images.add(image);
        return this;
    }

    /** Adds a ready-made vector term (e.g. a class prototype of a reference ontology), normalised like the rest. */
    public QueryBuilder vector(float[] v) {
        vectors.add(v.clone());
        return this;
    }

    /** The unit-length query vector. */
    public float[] build() {
        if (positiveTexts.isEmpty() && images.isEmpty() && vectors.isEmpty()) {
            throw new SearchIndexException(negativeTexts.isEmpty()
                    ? "no query: give at least one `text` or `image`"
                    : "only subtracted terms given: add at least one `text` or `image` to search for");
        }
        double[] sum = new double[model.embeddingDimension()];
        List<String> texts = new ArrayList<>(positiveTexts);
        texts.addAll(negativeTexts);
        if (!texts.isEmpty()) {
            List<float[]> emb = model.embedTexts(texts);
            for (int i = 0; i < emb.size(); i++) {
                add(sum, Embeddings.normalize(emb.get(i)), i < positiveTexts.size() ? 1 : -1);
            }
        }
        if (!images.isEmpty()) {
            for (float[] e : model.embedImages(images)) {
                add(sum, Embeddings.normalize(e), 1);
            }
        }
        for (float[] v : vectors) {
            add(sum, Embeddings.normalize(v), 1);
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) sum[i];
        }
        float[] unit = Embeddings.normalize(FiniteValues.require(out, "the query embedding")); // search, serve
        if (Embeddings.norm(unit) == 0) {
            throw new SearchIndexException("the query terms cancel out (their sum is the zero vector): "
                    + "remove a subtracted term");
        }
        return unit;
    }

    private static void add(double[] sum, float[] v, int sign) {
        if (v.length != sum.length) {
            throw new IndexModelMismatchException("the model returned a " + v.length + "-dimensional embedding, "
                    + "expected " + sum.length);
        }
        for (int i = 0; i < v.length; i++) {
            sum[i] += sign * v[i];
        }
    }
}
