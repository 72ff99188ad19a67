package dev.autodistill4j.onnx.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.onnx.graph.GraphBuilder;

/**
 * CLIP's ViT image encoder as an ONNX graph: {@code pixel_values [batch, 3, size, size]} (normalised) in,
 * {@code image_embeds [batch, projection]} (projected, not normalised) out — what the reference's
 * {@code encode_image} returns. The patch convolution (stride = kernel, no bias) is a reshape plus one MatMul,
 * as in the PyTorch path, so int8 export can quantise it like any other linear layer.
 */
final class VisionGraph {
    static final String INPUT = "pixel_values";
    static final String OUTPUT = "image_embeds";

    private VisionGraph() {
    }

    static GraphBuilder build(CheckedWeights w, ClipConfig config, Precision precision) {
        GraphBuilder g = new GraphBuilder("clip_image_encoder");
        int s = config.vision().imageSize();
        String pixels = g.input(INPUT, DataType.FLOAT, "batch", 3L, (long) s, (long) s);
        String out = tower(g, w, config, new LinearLayers(g, precision), pixels);
        String named = g.op("Identity", out).out(OUTPUT);
        g.output(named, DataType.FLOAT, "batch", (long) config.projectionDim());
        return g;
    }

    /** Adds the image tower to {@code g}, reading {@code pixels}; returns the embeddings' value name. */
    static String tower(GraphBuilder g, CheckedWeights w, ClipConfig config, LinearLayers linear, String pixels) {
        return tower(g, w, config.vision(), config.projectionDim(), linear, pixels);
    }

    /**
     * The same for a tower given by its vision settings and projection size alone: a vit-shrunk student is a
     * CLIP vision tower with fewer layers and no text tower.
     */
    static String tower(GraphBuilder g, CheckedWeights w, ClipConfig.Vision cfg, int projectionDim,
                        LinearLayers linear, String pixels) {
        int width = cfg.width();
        int p = cfg.patchSize();
        int grid = cfg.gridSize();
        String e = "vision_model.embeddings.";
        String x = g.op("Reshape", pixels, g.longs("patch.grid_shape", -1, 3, grid, p, grid, p)).out("patch.grid");
        x = g.op("Transpose", x).attr("perm", new long[] {0, 2, 4, 1, 3, 5}).out("patch.grid_t");
        x = g.op("Reshape", x, g.longs("patch.rows_shape", -1, (long) grid * grid, 3L * p * p)).out("patch.rows");
        String tokens = linear.apply("patch_embedding", x, w.load(e + "patch_embedding.weight", width, 3, p, p), null,
                width, 3 * p * p, false);
        // the class token, broadcast over the batch: Expand to [batch, 1, width]
        String batch = g.op("Slice", g.op("Shape", pixels).out("pixels.shape"), g.longs("batch.start", 0),
                g.longs("batch.end", 1)).out("batch");
        String clsShape = g.op("Concat", batch, g.longs("cls.tail", 1, width)).attr("axis", 0L).out("cls.shape");
        String cls = g.op("Expand", g.floats("class_embedding", w.load(e + "class_embedding", width), 1, 1, width),
                clsShape).out("cls");
        x = g.op("Concat", cls, tokens).attr("axis", 1L).out("tokens");
        x = g.op("Add", x, g.floats("position_embedding", w.load(e + "position_embedding.weight", cfg.tokens(), width),
                cfg.tokens(), width)).out("embedded");
        TransformerBlockGraph block = new TransformerBlockGraph(g, linear, width, cfg.intermediateSize(), cfg.heads(),
                cfg.layerNormEps(), cfg.activation());
        x = block.layerNorm(w, "vision_model.pre_layrnorm.", "pre_layernorm", x);
        for (int i = 0; i < cfg.layers(); i++) {
            boolean last = i == cfg.layers() - 1;
            x = block.apply(w, "vision_model.encoder.layers." + i + ".", "layer" + i, x, null, last);
        }
        x = g.op("Gather", x, g.scalarLong("cls.index", 0)).attr("axis", 1L).out("cls.out");
        x = block.layerNorm(w, "vision_model.post_layernorm.", "post_layernorm", x);
        return linear.apply("visual_projection", x, w.load("visual_projection.weight", projectionDim, width), null,
                projectionDim, width, false);
    }
}
