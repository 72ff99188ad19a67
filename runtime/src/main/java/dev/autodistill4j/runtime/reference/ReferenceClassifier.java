package dev.autodistill4j.runtime.reference;

import dev.autodistill4j.runtime.image.ImageDecodeException;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.ontology.OntologyException;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.ontology.ReferenceOntology.ClassDefinition;
import dev.autodistill4j.runtime.zeroshot.Softmax;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Classification by examples, on top of any {@link EmbeddingModel}: the one implementation every provider gets.
 *
 * <p>Per class there are up to two kinds of evidence, each a cosine with the (normalised) image embedding x:
 * <ul>
 *   <li><b>text</b>: cosine to the class's text prototype (normalised mean of its normalised prompt
 *       embeddings — OpenAI's prompt ensembling);</li>
 *   <li><b>examples</b> (reference images and raw vectors alike): with {@code prototype}, cosine to the
 *       normalised mean of the normalised example embeddings; with {@code knn}, the mean of the {@code k}
 *       highest cosines to single examples of the class.</li>
 * </ul>
 * A class's logit is {@code logitScale × mean(its available cosines)} — a class with prompts and images gets
 * the average of both (the product of the two experts' softmaxes, renormalised), a class with one kind gets
 * that one — and probabilities are the softmax of the logits over classes. {@code logitScale} is the model's
 * own ({@link EmbeddingModel#logitScale()}), so the temperature, and therefore {@code --confidence}, is the one
 * of the model's zero-shot classifier.
 *
 * <p>Everything (prompt embeddings, image decoding and embedding) happens in {@link #build}, so a broken
 * reference image or a vector of the wrong dimension fails before any labelling starts.
 */
public final class ReferenceClassifier {
    /**
     * Prompts per {@link EmbeddingModel#embedTexts} call. All prompts of all classes go through the batch API
     * together (a call per class made 1,000 prompt-only classes take 226 s against 48 s for the same caption
     * ontology); a bounded batch keeps a model that does not split its input itself from holding 5,000 at once.
     */
    static final int TEXT_BATCH = 256;
    /** Reference images per {@link EmbeddingModel#embedImages} call, across classes, for the same reason. */
    static final int IMAGE_BATCH = 64;

    private final ReferenceOntology ontology;
    private final double logitScale;
    private final float[][] textPrototypes;    // null where a class has no prompts
    private final float[][] examplePrototypes; // null where a class has no examples
    private final float[][][] examples;        // unit-length examples per class (for knn)

    private ReferenceClassifier(ReferenceOntology ontology, double logitScale, float[][] text, float[][] proto,
                                float[][][] examples) {
        this.ontology = ontology;
        this.logitScale = logitScale;
        this.textPrototypes = text;
        this.examplePrototypes = proto;
        this.examples = examples;
    }

    /**
     * Embeds prompts and reference images with {@code model} and checks every vector's dimension.
     *
     * @throws ReferenceImageException naming every reference image that does not decode
     * @throws OntologyException       naming the ontology file and the class whose vector has the wrong
     *                                 dimension or whose prompt embeds to NaN/∞
     */
    public static ReferenceClassifier build(EmbeddingModel model, ReferenceOntology ontology, ImageDecoder decoder) {
        List<ClassDefinition> defs = ontology.definitions();
        int dim = model.embeddingDimension();
        for (ClassDefinition d : defs) {
            for (float[] v : d.vectors()) {
                if (v.length != dim) {
                    throw new OntologyException(where(ontology) + "class '" + d.name() + "' has a vector of dimension "
                            + v.length + ", but model " + model.info().spec() + " embeds into " + dim
                            + " dimensions: give vectors made by this model");
                }
            }
        }
        List<List<BufferedImage>> images = decodeAll(defs, decoder);
        float[][] text = textPrototypes(model, ontology);
        List<List<float[]>> embeddedImages = imageEmbeddings(model, images);
        float[][] proto = new float[defs.size()][];
        float[][][] ex = new float[defs.size()][][];
        for (int c = 0; c < defs.size(); c++) {
            ClassDefinition d = defs.get(c);
            List<float[]> all = new ArrayList<>(embeddedImages.get(c));
            requireFinite(all, d, model);
            all.addAll(d.vectors());
            if (!all.isEmpty()) {
                ex[c] = all.stream().map(Embeddings::normalize).toArray(float[][]::new);
                proto[c] = meanDirection(all);
            }
        }
        return new ReferenceClassifier(ontology, model.logitScale(), text, proto, ex);
    }

    /**
     * Per class, the normalised mean of its prompt embeddings (null for a class without prompts). Embeddings do
     * not depend on their batch neighbours, so this is the per-class result in a few calls.
     *
     * @throws OntologyException naming the class and prompt whose embedding is not finite
     */
    private static float[][] textPrototypes(EmbeddingModel model, ReferenceOntology ontology) {
        List<ClassDefinition> defs = ontology.definitions();
        List<String> all = new ArrayList<>();
        defs.forEach(d -> all.addAll(d.prompts()));
        List<float[]> embedded = inBatches(all, TEXT_BATCH, model::embedTexts, "prompts", model);
        float[][] text = new float[defs.size()][];
        int at = 0;
        for (int c = 0; c < defs.size(); c++) {
            List<String> prompts = defs.get(c).prompts();
            if (prompts.isEmpty()) {
                continue;
            }
            List<float[]> own = embedded.subList(at, at + prompts.size());
            for (int p = 0; p < own.size(); p++) {
                if (!finite(own.get(p))) {
                    throw new OntologyException(where(ontology) + "model " + model.info().spec()
                            + " returned a non-finite embedding "
                            + "for prompt '" + prompts.get(p) + "' of class '" + defs.get(c).name() + "': reword or "
                            + "remove that prompt");
                }
            }
            text[c] = meanDirection(own);
            at += prompts.size();
        }
        return text;
    }

    /**
     * The embeddings of every class's decoded reference images, in class order, made in batches of
     * {@link #IMAGE_BATCH} across classes (not a call per class); each decoded image is dropped once embedded.
     */
    private static List<List<float[]>> imageEmbeddings(EmbeddingModel model, List<List<BufferedImage>> images) {
        List<BufferedImage> all = new ArrayList<>();
        int[] sizes = new int[images.size()];
        for (int c = 0; c < sizes.length; c++) {
            sizes[c] = images.get(c).size();
            all.addAll(images.get(c));
            images.get(c).clear();
        }
        List<float[]> embedded = inBatches(all, IMAGE_BATCH, model::embedImages, "reference images", model);
        List<List<float[]>> perClass = new ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            perClass.add(embedded.subList(at, at + size));
            at += size;
        }
        return perClass;
    }

    /**
     * {@code embed} over {@code items} in batches of {@code batch}; each item's slot is cleared once embedded
     * (decoded images are large).
     */
    private static <T> List<float[]> inBatches(List<T> items, int batch, Function<List<T>, List<float[]>> embed,
                                               String what, EmbeddingModel model) {
        List<float[]> embedded = new ArrayList<>(items.size());
        for (int start = 0; start < items.size(); start += batch) {
            List<T> chunk = items.subList(start, Math.min(items.size(), start + batch));
            List<float[]> out = embed.apply(chunk);
            if (out.size() != chunk.size()) {
                throw new OntologyException("model " + model.info().spec() + " returned " + out.size()
                        + " embeddings for " + chunk.size() + " " + what + ": the model is broken");
            }
            embedded.addAll(out);
            chunk.replaceAll(item -> null);
        }
        return embedded;
    }

    /** {@code "<file>: "} for an ontology read from a file, so its errors name it; else empty. */
    private static String where(ReferenceOntology ontology) {
        return ontology.source() == null ? "" : ontology.source() + ": ";
    }

    private static boolean finite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    private static void requireFinite(List<float[]> embeddings, ClassDefinition d, EmbeddingModel model) {
        for (int i = 0; i < embeddings.size(); i++) {
            for (float f : embeddings.get(i)) {
                if (!Float.isFinite(f)) {
                    throw new ReferenceImageException(d.images().get(i).path(), "model " + model.info().spec()
                            + " returned a non-finite embedding for reference image " + d.images().get(i).path()
                            + " of class '" + d.name() + "': replace or remove that image", null);
                }
            }
        }
    }

    private static List<List<BufferedImage>> decodeAll(List<ClassDefinition> defs, ImageDecoder decoder) {
        List<List<BufferedImage>> out = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        ReferenceOntology.ReferenceImage first = null;
        ImageDecodeException firstCause = null;
        for (ClassDefinition d : defs) {
            List<BufferedImage> decoded = new ArrayList<>();
            for (ReferenceOntology.ReferenceImage img : d.images()) {
                try {
                    decoded.add(decoder.decode(img.path()));
                } catch (ImageDecodeException e) {
                    failures.add("class '" + d.name() + "': " + e.getMessage());
                    if (first == null) {
                        first = img;
                        firstCause = e;
                    }
                }
            }
            out.add(decoded);
        }
        if (first != null) {
            throw new ReferenceImageException(first.path(), "reference image(s) cannot be decoded — "
                    + String.join("; ", failures) + ". Replace or remove them in the ontology; nothing was labelled",
                    firstCause);
        }
        return out;
    }

    /** Normalised mean of the normalised vectors: a direction that weighs every vector equally. */
    static float[] meanDirection(List<float[]> vectors) {
        double[] sum = new double[vectors.get(0).length];
        for (float[] v : vectors) {
            float[] n = Embeddings.normalize(v);
            for (int i = 0; i < n.length; i++) {
                sum[i] += n[i];
            }
        }
        float[] f = new float[sum.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) sum[i];
        }
        return Embeddings.normalize(f);
    }

    public ReferenceOntology ontology() {
        return ontology;
    }

    public double logitScale() {
        return logitScale;
    }

    /** Per-class logits, {@code logitScale × mean(available cosines)}; see the class comment. */
    public float[] logits(float[] imageEmbedding) {
        float[] x = Embeddings.normalize(imageEmbedding);
        float[] logits = new float[textPrototypes.length];
        for (int c = 0; c < logits.length; c++) {
            double sum = 0;
            int n = 0;
            if (textPrototypes[c] != null) {
                sum += Embeddings.dot(x, textPrototypes[c]);
                n++;
            }
            if (examplePrototypes[c] != null) {
                sum += ontology.method() == ReferenceOntology.Method.KNN ? nearest(x, examples[c])
                        : Embeddings.dot(x, examplePrototypes[c]);
                n++;
            }
            logits[c] = (float) (logitScale * sum / n);
        }
        return logits;
    }

    private double nearest(float[] x, float[][] classExamples) {
        double[] cos = new double[classExamples.length];
        for (int i = 0; i < cos.length; i++) {
            cos[i] = Embeddings.dot(x, classExamples[i]);
        }
        Arrays.sort(cos);
        int k = Math.min(ontology.k(), cos.length);
        double s = 0;
        for (int i = cos.length - k; i < cos.length; i++) {
            s += cos[i];
        }
        return s / k;
    }

    /** Softmax of {@link #logits} over the classes (the runtime's one {@link Softmax}): the evidence. */
    public float[] probabilities(float[] imageEmbedding) {
        return Softmax.of(logits(imageEmbedding));
    }

    /** The most probable class (no threshold): what {@code predict} ranks first for this embedding. */
    public String topClass(float[] imageEmbedding) {
        return Classifications.fromDistribution(ontology.classes(), probabilities(imageEmbedding), 0).topClass();
    }

    /**
     * A search query for one class: the normalised sum of its unit text and example prototypes (whichever
     * exist), i.e. the direction between what it is called and what it looks like.
     */
    public float[] queryVector(String className) {
        int c = ontology.classes().indexOf(className);
        if (c < 0) {
            throw new OntologyException("'" + className + "' is not a class of the ontology; classes are "
                    + ontology.classes());
        }
        List<float[]> parts = new ArrayList<>();
        if (textPrototypes[c] != null) {
            parts.add(textPrototypes[c]);
        }
        if (examplePrototypes[c] != null) {
            parts.add(examplePrototypes[c]);
        }
        return meanDirection(parts);
    }
}
