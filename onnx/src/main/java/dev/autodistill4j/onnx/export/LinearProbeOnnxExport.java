package dev.autodistill4j.onnx.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.metaclip.MetaclipProvider;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.hub.ModelReferences;
import dev.autodistill4j.onnx.graph.GraphBuilder;
import dev.autodistill4j.trainers.linear.LinearProbeExport;
import dev.autodistill4j.trainers.linear.LinearProbeTrainer;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The export of a {@code linear-probe}: its CLIP image tower in front (pixels → embedding → L2 normalisation →
 * softmax(Wx + b)), so the graph needs no base model beside it. Only probes trained on a metaclip base model can
 * be exported, because the tower is rebuilt from that provider's checkpoint.
 */
public final class LinearProbeOnnxExport implements TrainerOnnxExport {

    @Override
    public String name() {
        return LinearProbeTrainer.NAME;
    }

    @Override
    public Written export(TargetModelDirectory dir, Precision precision, Path modelFile) throws IOException {
        LinearProbeExport probe = LinearProbeExport.read(dir);
        ModelSpec base = ModelSpec.parse(probe.baseModelSpec());
        if (!MetaclipProvider.NAME.equals(base.provider())) {
            throw new Autodistill4jException("linear probe " + dir.dir() + " was trained on '"
                    + probe.baseModelSpec() + "'; only metaclip base models can be exported with it");
        }
        String ref = base.reference() == null ? "hf:" + MetaclipProvider.DEFAULT_REFERENCE : base.reference();
        try (ClipCheckpoint checkpoint = ClipCheckpointLoader.load(ModelReferences.resolve(ref))) {
            var files = TrainerOnnxExport.write(graph(probe, checkpoint, precision), dir, modelFile);
            return new Written(TargetOnnxManifest.linearProbe(dir, probe, checkpoint, precision), files);
        }
    }

    private static GraphBuilder graph(LinearProbeExport probe, ClipCheckpoint checkpoint, Precision precision) {
        GraphBuilder g = new GraphBuilder("linear_probe");
        int s = checkpoint.config().vision().imageSize();
        String pixels = g.input(TargetOnnxExporter.INPUT, DataType.FLOAT, "batch", 3L, (long) s, (long) s);
        CheckedWeights w = new CheckedWeights(checkpoint.weights(), String.valueOf(checkpoint.source()));
        LinearLayers linear = new LinearLayers(g, precision);
        String embeds = VisionGraph.tower(g, w, checkpoint.config(), linear, pixels);
        w.verify();
        int dim = checkpoint.config().projectionDim();
        int classes = probe.classes().size();
        if (probe.weights()[0].length != dim) {
            throw new Autodistill4jException("the linear probe reads " + probe.weights()[0].length + "-d embeddings "
                    + "but its base model " + checkpoint.source() + " makes " + dim + "-d ones: retrain the probe");
        }
        String norm = g.op("ReduceL2", embeds).attr("axes", new long[] {1}).attr("keepdims", 1L).out("norm");
        String unit = g.op("Div", embeds, norm).out("unit_embeds");
        float[] flat = new float[classes * dim];
        for (int c = 0; c < classes; c++) {
            System.arraycopy(probe.weights()[c], 0, flat, c * dim, dim);
        }
        String logits = linear.apply("probe", unit, flat, probe.bias(), classes, dim, false);
        String probs = g.op("Softmax", logits).attr("axis", -1L).out(TargetOnnxExporter.OUTPUT);
        g.output(probs, DataType.FLOAT, "batch", (long) classes);
        return g;
    }
}
