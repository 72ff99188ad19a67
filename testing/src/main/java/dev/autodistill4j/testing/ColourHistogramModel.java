package dev.autodistill4j.testing;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ClassificationRequest;
import dev.autodistill4j.api.model.ClassificationResponse;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.PromptAggregation;
import dev.autodistill4j.api.ontology.Ontology;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small but real CLIP-like model for tests: images and texts share an 8-dimensional space (a 2×2×2 RGB
 * colour histogram; a text is the one-hot cell of the colour word it contains), and classification is a
 * softmax over prompts of 20 × cosine, summed per class as MetaCLIP does.
 *
 * <p>{@code failAfter} makes it throw after that many images, to simulate a run killed mid-way;
 * {@code delayMillis} slows it down so a test can kill the process while it works.
 */
public final class ColourHistogramModel implements ClassificationBaseModel, EmbeddingModel {
    /** Colour words and their histogram cell (r, g, b bits). */
    public static final Map<String, Integer> COLOURS = Map.of("black", 0, "blue", 1, "green", 2, "cyan", 3,
            "red", 4, "magenta", 5, "yellow", 6, "white", 7);
    private static final AtomicInteger OPEN = new AtomicInteger();

    private final Ontology ontology;
    private final ModelInfo info;
    private final int failAfter;
    private final long delayMillis;
    private final AtomicInteger seen = new AtomicInteger();
    private boolean closed;

    ColourHistogramModel(Ontology ontology, ModelInfo info, int failAfter, long delayMillis) {
        this.ontology = ontology;
        this.info = info;
        this.failAfter = failAfter;
        this.delayMillis = delayMillis;
        if (ontology != null) {
            for (String prompt : ontology.prompts()) {
                colourOf(prompt);
            }
        }
        OPEN.incrementAndGet();
    }

    /** Models created and not yet closed (tests check the runner closes what it opens). */
    public static int openModels() {
        return OPEN.get();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Ontology ontology() {
        if (ontology == null) {
            throw new IllegalStateException("loaded without an ontology");
        }
        return ontology;
    }

    @Override
    public ClassificationResponse classify(ClassificationRequest request) {
        List<float[]> out = new ArrayList<>();
        List<float[]> prompts = embedTexts(ontology().prompts());
        int[] promptClass = new int[prompts.size()];
        for (int p = 0; p < promptClass.length; p++) {
            promptClass[p] = ontology.classIdOfPrompt(p);
        }
        for (float[] image : embedImages(request.images())) {
            float[] logits = new float[prompts.size()];
            float max = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < logits.length; p++) {
                logits[p] = (float) (20 * compare(image, prompts.get(p)));
                max = Math.max(max, logits[p]);
            }
            double sum = 0;
            for (int p = 0; p < logits.length; p++) {
                logits[p] = (float) Math.exp(logits[p] - max);
                sum += logits[p];
            }
            for (int p = 0; p < logits.length; p++) {
                logits[p] = (float) (logits[p] / sum);
            }
            float[] classScores = PromptAggregation.SUM.combine(logits, promptClass, ontology.classes().size());
            out.add(classScores);
        }
        return new ClassificationResponse(out);
    }

    /** The temperature of this model's prompt softmax (20), used by example-based classifiers too. */
    @Override
    public double logitScale() {
        return 20;
    }

    @Override
    public int embeddingDimension() {
        return 8;
    }

    @Override
    public List<float[]> embedImages(List<BufferedImage> images) {
        List<float[]> out = new ArrayList<>();
        for (BufferedImage img : images) {
            if (failAfter >= 0 && seen.incrementAndGet() > failAfter) {
                throw new IllegalStateException("simulated crash after " + failAfter + " images");
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            float[] h = new float[8];
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int rgb = img.getRGB(x, y);
                    int cell = (((rgb >> 16) & 0xff) >= 128 ? 4 : 0) | (((rgb >> 8) & 0xff) >= 128 ? 2 : 0)
                            | ((rgb & 0xff) >= 128 ? 1 : 0);
                    h[cell]++;
                }
            }
            float n = (float) img.getWidth() * img.getHeight();
            for (int i = 0; i < 8; i++) {
                h[i] /= n;
            }
            out.add(h);
        }
        return out;
    }

    @Override
    public List<float[]> embedTexts(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
            float[] v = new float[8];
            int cell = cellOf(t);
            if (cell >= 0) {
                v[cell] = 1;
            }
            out.add(v);
        }
        return out;
    }

    /** Texts without a colour word embed as the zero vector (cosine 0 with everything). */
    private static int cellOf(String text) {
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            Integer cell = COLOURS.get(word);
            if (cell != null) {
                return cell;
            }
        }
        return -1;
    }

    private static void colourOf(String text) {
        if (cellOf(text) >= 0) {
            return;
        }
        throw new ModelLoadException("test-colour understands only prompts with a colour word " + COLOURS.keySet()
                + ", not '" + text + "'");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            OPEN.decrementAndGet();
        }
    }
}
