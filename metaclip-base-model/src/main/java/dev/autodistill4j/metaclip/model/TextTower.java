package dev.autodistill4j.metaclip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.ModelFamily;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's causal text transformer: token + position embeddings, causally masked pre-norm blocks, final LN at
 * the end-of-text token, projection.
 *
 * <p>Because every token attends only to itself and earlier tokens, the padding after the end-of-text token
 * cannot change the pooled output. A batch is therefore cut to its longest sequence rather than run at the full
 * context of 77: identical embeddings for a fraction of the work. The final layer norm is per token, so it is
 * applied after pooling, to one token per text.
 */
final class TextTower {
    private final ClipConfig.Text cfg;
    private final ModelFamily family;
    private final NDArray tokenEmbedding; // [vocab, width]
    private final NDArray positionEmbedding; // [context, width]
    private final NDArray causalMask; // [context, context], -inf above the diagonal
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final NDArray finalLnWeight;
    private final NDArray finalLnBias;
    private final NDArray projection; // [embed, width]
    private final Shape normShape;

    TextTower(WeightLoader w, NDManager manager, ClipConfig.Text cfg, int projectionDim, ModelFamily family) {
        this.cfg = cfg;
        this.family = family;
        int width = cfg.width();
        normShape = new Shape(width);
        String e = "text_model.embeddings.";
        tokenEmbedding = w.load(e + "token_embedding.weight", cfg.vocabSize(), width);
        positionEmbedding = w.load(e + "position_embedding.weight", cfg.contextLength(), width);
        for (int i = 0; i < cfg.layers(); i++) {
            layers.add(new TransformerLayer(w, "text_model.encoder.layers." + i + ".", width,
                    cfg.intermediateSize(), cfg.heads(), cfg.layerNormEps(), cfg.activation()));
        }
        finalLnWeight = w.load("text_model.final_layer_norm.weight", width);
        finalLnBias = w.load("text_model.final_layer_norm.bias", width);
        projection = w.load("text_projection.weight", projectionDim, width);
        int n = cfg.contextLength();
        float[] mask = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                mask[i * n + j] = Float.NEGATIVE_INFINITY;
            }
        }
        causalMask = manager.create(mask, new Shape(n, n));
    }

    /**
     * @param ids     token ids per text (start and end tokens included), each at most the context length
     * @param manager the per-call manager that owns everything created here
     * @return {@code [texts, projectionDim]} text embeddings, not normalised
     */
    NDArray forward(int[][] ids, NDManager manager) {
        int batch = ids.length;
        int[] pool = new int[batch];
        int length = 1;
        for (int b = 0; b < batch; b++) {
            pool[b] = poolingPosition(ids[b], b);
            length = Math.max(length, pool[b] + 1);
        }
        long[] flat = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            // tokens after the pooled end-of-text cannot influence it (causal mask): drop them, pad with 0
            System.arraycopy(toLong(ids[b], pool[b] + 1), 0, flat, b * length, pool[b] + 1);
        }
        final int t = length;
        NDArray tokens = manager.create(flat, new Shape(batch, t));
        NDArray x = Scopes.consume(tokens, tk -> {
            NDArray emb = Embedding.embedding(tk, tokenEmbedding, SparseFormat.DENSE).singletonOrThrow();
            emb.attach(tk.getManager());
            return emb.addi(positionEmbedding.get(tk.getManager(), new NDIndex("0:" + t)));
        });
        NDArray mask = causalMask.get(manager, new NDIndex("0:" + t + ", 0:" + t));
        for (TransformerLayer layer : layers) {
            x = Scopes.consume(x, h -> layer.forward(h, mask));
        }
        return Scopes.consume(x, h -> {
            NDList pooled = new NDList(batch);
            for (int b = 0; b < batch; b++) {
                pooled.add(h.get(b, pool[b]));
            }
            NDArray eot = NDArrays.stack(pooled, 0);
            NDArray normed = LayerNorm.layerNorm(eot, normShape, finalLnWeight, finalLnBias,
                    (float) cfg.layerNormEps()).singletonOrThrow();
            return Linear.linear(normed, projection).singletonOrThrow();
        });
    }

    /**
     * The first end-of-text token, where the reference pools. A sequence without one (never produced by the
     * tokenizers) falls back as the reference does: CLIP to the highest id (OpenAI's {@code argmax}), MetaCLIP 2
     * to position 0 ({@code (ids == eos).int().argmax(-1)} of an all-zero row).
     */
    private int poolingPosition(int[] row, int index) {
        if (row.length == 0 || row.length > cfg.contextLength()) {
            throw new IllegalArgumentException("text " + index + " has " + row.length + " tokens; expected 1 to "
                    + cfg.contextLength() + " (tokenize with the model's tokenizer, which truncates)");
        }
        int argmax = 0;
        for (int i = 0; i < row.length; i++) {
            if (row[i] < 0 || row[i] >= cfg.vocabSize()) {
                throw new IllegalArgumentException("text " + index + " has token id " + row[i]
                        + " outside the vocabulary of " + cfg.vocabSize());
            }
            if (row[i] == cfg.eosTokenId()) {
                return i;
            }
            if (row[i] > row[argmax]) {
                argmax = i;
            }
        }
        return family == ModelFamily.METACLIP_2 ? 0 : argmax;
    }

    private static long[] toLong(int[] ids, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = ids[i];
        }
        return out;
    }
}
