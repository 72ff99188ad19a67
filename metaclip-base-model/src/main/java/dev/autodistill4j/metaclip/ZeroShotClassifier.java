package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.PromptAggregation;
import dev.autodistill4j.api.ontology.Ontology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * CLIP zero-shot classification into an ontology: softmax of {@code logitScale × cosine(image, prompt)} over
 * <em>all</em> prompts, then combined per class by a {@link PromptAggregation}.
 *
 * <p>The prompt features are computed once, when the classifier is built, and reused for every image — a
 * labelling run embeds each prompt (and each template applied to it) exactly once.
 */
public final class ZeroShotClassifier {
    private final Ontology ontology;
    private final float[][] promptFeatures; // unit length, one per prompt
    private final int[] promptClassIds;
    private final float logitScale;
    private final PromptAggregation aggregation;

    private ZeroShotClassifier(Ontology ontology, float[][] promptFeatures, float logitScale,
                               PromptAggregation aggregation) {
        this.ontology = ontology;
        this.promptFeatures = promptFeatures;
        this.logitScale = logitScale;
        this.aggregation = aggregation;
        promptClassIds = new int[promptFeatures.length];
        for (int p = 0; p < promptClassIds.length; p++) {
            promptClassIds[p] = ontology.classIdOfPrompt(p);
        }
    }

    /**
     * @param embedTexts text tower: one raw embedding per input text, in order
     * @param templates  prompt templates with a {@code {}} placeholder; empty = each prompt is used as written.
     *                   With templates, a prompt's feature is the renormalised mean of the normalised
     *                   embeddings of every template applied to it, as in OpenAI's zero-shot notebook.
     */
    public static ZeroShotClassifier build(Ontology ontology, Function<List<String>, List<float[]>> embedTexts,
                                           List<String> templates, float logitScale,
                                           PromptAggregation aggregation) {
        List<String> prompts = ontology.prompts();
        float[][] features = new float[prompts.size()][];
        if (templates.isEmpty()) {
            List<float[]> raw = embedTexts.apply(prompts);
            for (int p = 0; p < features.length; p++) {
                features[p] = Embeddings.normalize(raw.get(p));
            }
        } else {
            for (int p = 0; p < features.length; p++) {
                List<String> filled = new ArrayList<>(templates.size());
                for (String t : templates) {
                    filled.add(t.replace("{}", prompts.get(p)));
                }
                features[p] = Embeddings.normalize(meanOfNormalized(embedTexts.apply(filled)));
            }
        }
        return new ZeroShotClassifier(ontology, features, logitScale, aggregation);
    }

    private static float[] meanOfNormalized(List<float[]> vectors) {
        double[] sum = new double[vectors.get(0).length];
        for (float[] v : vectors) {
            float[] n = Embeddings.normalize(v);
            for (int i = 0; i < n.length; i++) {
                sum[i] += n[i];
            }
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            mean[i] = (float) (sum[i] / vectors.size());
        }
        return mean;
    }

    public Ontology ontology() {
        return ontology;
    }

    public PromptAggregation aggregation() {
        return aggregation;
    }

    /** {@code logitScale × cosine} for every prompt, the reference's {@code logits_per_image} row. */
    public float[] promptLogits(float[] imageEmbedding) {
        float[] image = Embeddings.normalize(imageEmbedding);
        float[] logits = new float[promptFeatures.length];
        for (int p = 0; p < logits.length; p++) {
            logits[p] = (float) (logitScale * Embeddings.dot(image, promptFeatures[p]));
        }
        return logits;
    }

    /** Softmax of {@link #promptLogits} over all prompts. */
    public float[] promptProbabilities(float[] imageEmbedding) {
        float[] logits = promptLogits(imageEmbedding);
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int p = 0; p < logits.length; p++) {
            e[p] = Math.exp(logits[p] - max);
            sum += e[p];
        }
        float[] probs = new float[logits.length];
        for (int p = 0; p < logits.length; p++) {
            probs[p] = (float) (e[p] / sum);
        }
        return probs;
    }

    /** Class scores from the prompt distribution; classes above {@code confidence} are kept. */
    public Classifications classify(float[] imageEmbedding, double confidence) {
        float[] classScores = aggregation.combine(promptProbabilities(imageEmbedding), promptClassIds,
                ontology.classes().size());
        return Classifications.fromDistribution(ontology.classes(), classScores, confidence);
    }
}
