package dev.autodistill4j.onnx.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.spi.NamedService;
import dev.autodistill4j.onnx.graph.GraphBuilder;
import dev.autodistill4j.onnx.graph.OnnxFileWriter;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * ONNX export as a capability of a target trainer: {@link #name()} is the trainer's name, as its model folder
 * records it ({@link TargetModelDirectory#trainer()}), so {@link TargetOnnxExporter} finds the export of a trained
 * model by lookup. Found with {@link java.util.ServiceLoader} through
 * {@link dev.autodistill4j.api.spi.NamedServices}; implementations need a public no-argument constructor.
 */
public interface TrainerOnnxExport extends NamedService {

    /** The graph file(s) written and the manifest describing them (files are added by the caller). */
    record Written(ObjectNode manifest, List<Path> files) {
    }

    /** Writes the graph of the model in {@code dir} to {@code modelFile}; returns its manifest and files. */
    Written export(TargetModelDirectory dir, Precision precision, Path modelFile) throws IOException;

    /** Writes {@code graph} with the metadata every target export carries (trainer, source folder). */
    static List<Path> write(GraphBuilder graph, TargetModelDirectory dir, Path modelFile) throws IOException {
        return new OnnxFileWriter().write(graph, modelFile,
                Map.of("trainer", dir.trainer(), "source_model", dir.dir().toString()));
    }
}
