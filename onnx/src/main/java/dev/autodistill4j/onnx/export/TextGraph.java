package dev.autodistill4j.onnx.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.onnx.graph.GraphBuilder;

/**
 * CLIP's causal text transformer as an ONNX graph: {@code input_ids [batch, tokens]} (int64, 1 to context
 * length tokens, start and end tokens included) in, {@code text_embeds [batch, projection]} out.
 *
 * <p>The graph pools where the PyTorch path does, at the first end-of-text token of each row, or at the
 * highest id when a row has none (OpenAI's {@code argmax}): one ArgMax over {@code isEos × 2·vocab + id}.
 * Padding after the end-of-text token cannot change the result (causal mask), so callers may pad with any id.
 */
final class TextGraph {
    static final String INPUT = "input_ids";
    static final String OUTPUT = "text_embeds";

    private TextGraph() {
    }

    static GraphBuilder build(CheckedWeights w, ClipConfig config, Precision precision) {
        ClipConfig.Text cfg = config.text();
        GraphBuilder g = new GraphBuilder("clip_text_encoder");
        LinearLayers linear = new LinearLayers(g, precision);
        int width = cfg.width();
        int ctx = cfg.contextLength();
        String e = "text_model.embeddings.";
        String ids = g.input(INPUT, DataType.INT64, "batch", "tokens");
        String length = g.op("Slice", g.op("Shape", ids).out("ids.shape"), g.longs("tokens.start", 1),
                g.longs("tokens.end", 2)).out("tokens");
        String x = g.op("Gather", g.floats("token_embedding", w.load(e + "token_embedding.weight", cfg.vocabSize(),
                width), cfg.vocabSize(), width), ids).attr("axis", 0L).out("token_embeds");
        String positions = g.op("Slice", g.floats("position_embedding", w.load(e + "position_embedding.weight", ctx,
                width), ctx, width), g.longs("positions.start", 0), length, g.longs("positions.axis", 0))
                .out("positions");
        x = g.op("Add", x, positions).out("embedded");
        String mask = causalMask(g, ctx, length);
        TransformerBlockGraph block = new TransformerBlockGraph(g, linear, width, cfg.intermediateSize(), cfg.heads(),
                cfg.layerNormEps(), cfg.activation());
        for (int i = 0; i < cfg.layers(); i++) {
            x = block.apply(w, "text_model.encoder.layers." + i + ".", "layer" + i, x, mask, false);
        }
        x = g.op("GatherElements", x, poolIndex(g, ids, cfg, width)).attr("axis", 1L).out("pooled3d");
        x = g.op("Squeeze", x, g.longs("pooled.axis", 1)).out("pooled");
        x = block.layerNorm(w, "text_model.final_layer_norm.", "final_layer_norm", x);
        String out = linear.apply("text_projection", x, w.load("text_projection.weight", config.projectionDim(), width),
                null, config.projectionDim(), width, false);
        String named = g.op("Identity", out).out(OUTPUT);
        g.output(named, DataType.FLOAT, "batch", (long) config.projectionDim());
        return g;
    }

    /** {@code [tokens, tokens]}: 0 on and below the diagonal, -inf above, cut from the full context. */
    private static String causalMask(GraphBuilder g, int ctx, String length) {
        float[] mask = new float[ctx * ctx];
        for (int i = 0; i < ctx; i++) {
            for (int j = i + 1; j < ctx; j++) {
                mask[i * ctx + j] = Float.NEGATIVE_INFINITY;
            }
        }
        String ends = g.op("Concat", length, length).attr("axis", 0L).out("mask.ends");
        return g.op("Slice", g.floats("causal_mask", mask, ctx, ctx), g.longs("mask.start", 0, 0), ends,
                g.longs("mask.axes", 0, 1)).out("mask");
    }

    /** {@code [batch, 1, width]} int64 indices of the pooled token, for GatherElements on axis 1. */
    private static String poolIndex(GraphBuilder g, String ids, ClipConfig.Text cfg, int width) {
        String isEos = g.op("Equal", ids, g.longs("eos_id", cfg.eosTokenId())).out("is_eos");
        String eosF = g.op("Cast", isEos).attr("to", (long) DataType.FLOAT.getNumber()).out("is_eos_f");
        String idsF = g.op("Cast", ids).attr("to", (long) DataType.FLOAT.getNumber()).out("ids_f");
        String weighted = g.op("Mul", eosF, g.scalarFloat("eos_weight", 2f * cfg.vocabSize())).out("eos_weighted");
        String score = g.op("Add", weighted, idsF).out("pool_score");
        String pos = g.op("ArgMax", score).attr("axis", 1L).attr("keepdims", 1L).out("pool_pos");
        pos = g.op("Unsqueeze", pos, g.longs("pool.unsqueeze", 2)).out("pool_pos3d");
        return g.op("Expand", pos, g.longs("pool.expand", 1, 1, width)).out("pool_index");
    }
}
