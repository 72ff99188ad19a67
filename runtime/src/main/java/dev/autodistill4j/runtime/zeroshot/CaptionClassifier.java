package dev.autodistill4j.runtime.zeroshot;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.PromptAggregation;
import dev.autodistill4j.api.ontology.Ontology;

import java.util.ArrayList;
import java.util.List;

/**
 * Zero-shot classification of any {@link EmbeddingModel} into a caption ontology: softmax of
 * {@code logitScale × cosine(image, prompt)} over <em>all</em> prompts, combined per class by a
 * {@link PromptAggregation}. The provider only embeds; this runtime class makes the decision, so every provider
 * that can embed texts and images classifies the same way, with the model's own temperature
 * ({@link EmbeddingModel#logitScale()}).
 *
 * <p>The prompt features are computed once, in {@link #build}, and reused for every image. The text tower is
 * called exactly as metaclip's classifier called it (all prompts in one call; with templates, one call per
 * prompt), so the numbers are the same bit for bit.
 */
public final class CaptionClassifier {
    private final Ontology ontology;
    private final float[][] promptFeatures; // unit length, one per prompt
    private final int[] promptClassIds;
    private final float logitScale;
    private final PromptAggregation aggregation;

    private CaptionClassifier(Ontology ontology, float[][] promptFeatures, float logitScale,
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
     * Embeds every prompt of {@code ontology} with {@code model}.
     *
     * @param templates prompt templates with a {@code {}} placeholder; empty = each prompt is used as written.
     *                  With templates, a prompt's feature is the renormalised mean of the normalised embeddings of
     *                  every template applied to it, as in OpenAI's zero-shot notebook.
     */
    public static CaptionClassifier build(EmbeddingModel model, Ontology ontology, List<String> templates,
                                          PromptAggregation aggregation) {
        List<String> prompts = ontology.prompts();
        float[][] features = new float[prompts.size()][];
        if (templates.isEmpty()) {
            List<float[]> raw = model.embedTexts(prompts);
            for (int p = 0; p < features.length; p++) {
                features[p] = Embeddings.normalize(raw.get(p));
            }
        } else {
            for (int p = 0; p < features.length; p++) {
                List<String> filled = new ArrayList<>(templates.size());
                for (String t : templates) {
                    filled.add(t.replace("{}", prompts.get(p)));
                }
                features[p] = Embeddings.normalize(meanOfNormalized(model.embedTexts(filled)));
            }
        }
        return new CaptionClassifier(ontology, features, (float) model.logitScale(), aggregation);
    }

    /** The mean of the normalised vectors, divided in double precision (OpenAI's {@code mean(dim=0)}). */
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

    public float logitScale() {
        return logitScale;
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

    /** Softmax of {@link #promptLogits} over all prompts (the runtime's one {@link Softmax}). */
    public float[] promptProbabilities(float[] imageEmbedding) {
        return Softmax.of(promptLogits(imageEmbedding));
    }

    /** The evidence: class scores from the softmax over all prompts, combined by the aggregation. */
    public float[] distribution(float[] imageEmbedding) {
        return aggregation.combine(promptProbabilities(imageEmbedding), promptClassIds, ontology.classes().size());
    }
}
