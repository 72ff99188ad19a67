package dev.autodistill4j.onnx.export;

import dev.autodistill4j.datasets.OutputFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.spi.NamedServices;
import dev.autodistill4j.trainers.TargetModelProvider;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The export of provider {@code target}'s models (a {@code train} output folder) as one ONNX graph,
 * {@value TargetOnnxManifest#MODEL_FILE}, with {@value TargetOnnxManifest#FILE} beside it. The graph is the
 * trainer's: the folder records which trainer wrote it, and that trainer's {@link TrainerOnnxExport} (found by
 * name on the class path) builds it, so this class names no trainer; a trainer without one is an error listing
 * the trainers whose models can be exported.
 */
public final class TargetOnnxExporter implements OnnxExport {
    /** Graph input and output names. */
    public static final String INPUT = "pixel_values";
    public static final String OUTPUT = "probabilities";
    /** A student export's output: raw image embeddings, as the DJL student returns them. */
    public static final String EMBEDDINGS = "image_embeds";

    /** Loaded on first use, so a broken trainer export surfaces when exporting, not when the class loads. */
    private static final class Trainers {
        static final NamedServices<TrainerOnnxExport> ALL = NamedServices.load(TrainerOnnxExport.class,
                TrainerOnnxExport.class.getClassLoader(), "trainer ONNX export", Autodistill4jException::new);
    }

    @Override
    public String name() {
        return TargetModelProvider.NAME;
    }

    @Override
    public ObjectNode export(String reference, Precision precision, Path dir) throws IOException {
        if (reference == null || reference.isBlank()) {
            throw new Autodistill4jException("export needs the model folder: `model` target:/path/to/model");
        }
        return export(Path.of(reference.strip()), precision, dir);
    }

    /** Writes the export of {@code modelDir} into {@code out}; returns the manifest. */
    public ObjectNode export(Path modelDir, Precision precision, Path out) throws IOException {
        TargetModelDirectory dir = TargetModelDirectory.open(modelDir);
        NamedServices<TrainerOnnxExport> exports = Trainers.ALL;
        if (!exports.contains(dir.trainer())) {
            throw new Autodistill4jException(dir.dir() + " was trained by '" + dir.trainer()
                    + "', which has no ONNX export: " + String.join(", ", exports.names())
                    + " models can be exported");
        }
        TrainerOnnxExport.Written written = exports.get(dir.trainer())
                .export(dir, precision, out.resolve(TargetOnnxManifest.MODEL_FILE));
        ObjectNode manifest = written.manifest();
        TargetOnnxManifest.addFiles(manifest, written.files(), out);
        try (var stream = OutputFiles.openTruncate(out.resolve(TargetOnnxManifest.FILE))) { // never via a link
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(stream, manifest);
        }
        return manifest;
    }
}
