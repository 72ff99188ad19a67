package dev.autodistill4j.onnx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.metaclip.MetaclipProvider;
import dev.autodistill4j.metaclip.hub.ModelReferences;
import dev.autodistill4j.onnx.export.ClipOnnxExporter;
import dev.autodistill4j.onnx.export.ExportDirectory;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.onnx.export.TargetOnnxExporter;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@code export --format onnx} does, by model provider: a {@code metaclip} reference (resolved as the
 * metaclip provider resolves it: alias, {@code hf:}, folder or file) becomes the two CLIP graphs; a
 * {@code target} folder becomes one graph from image to class probabilities. Written through an
 * {@link ExportDirectory}, so {@code out} appears only when complete and is never overwritten.
 */
public final class OnnxExports {
    private OnnxExports() {
    }

    /** Exports a CLIP checkpoint; returns the manifest written beside the graphs. */
    public static ObjectNode clip(String reference, Precision precision, Path out) {
        String ref = reference == null || reference.isBlank() ? "hf:" + MetaclipProvider.DEFAULT_REFERENCE
                : reference.strip();
        Path checkpoint = ModelReferences.resolve(ref);
        return write(out, dir -> new ClipOnnxExporter(precision).export(checkpoint, ref,
                MetaclipProvider.licenseOf(ref), dir));
    }

    /** Exports a trained target model folder; returns the manifest written beside the graph. */
    public static ObjectNode target(String folder, Precision precision, Path out) {
        if (folder == null || folder.isBlank()) {
            throw new Autodistill4jException("export needs the model folder: `model` target:/path/to/model");
        }
        return write(out, dir -> new TargetOnnxExporter(precision).export(Path.of(folder.strip()), dir));
    }

    private interface Writer {
        ObjectNode into(Path dir) throws IOException;
    }

    private static ObjectNode write(Path out, Writer writer) {
        ExportDirectory dir = ExportDirectory.create(out);
        try {
            ObjectNode manifest = writer.into(dir.staging());
            manifest.put("out", dir.commit().toString());
            return manifest;
        } catch (IOException e) {
            dir.abandon();
            throw new Autodistill4jException("export to " + out + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            dir.abandon();
            throw e;
        }
    }
}
