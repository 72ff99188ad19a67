package dev.autodistill4j.onnx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.api.spi.NamedServices;
import dev.autodistill4j.metaclip.MetaclipProvider;
import dev.autodistill4j.onnx.export.ExportDirectory;
import dev.autodistill4j.onnx.export.OnnxExport;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.trainers.TargetModelProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code export --format onnx} does: the {@link OnnxExport} of the model's provider (found by name on the
 * class path, so no provider is named here) writes the graphs, through an {@link ExportDirectory}, so
 * {@code out} appears only when complete and is never overwritten. A provider without an export is an error
 * listing the providers whose models can be exported.
 */
public final class OnnxExports {
    private OnnxExports() {
    }

    /** Loaded on first use, so a broken export surfaces when exporting, not when this class loads. */
    private static final class Registry {
        static final NamedServices<OnnxExport> ALL = NamedServices.load(OnnxExport.class,
                OnnxExport.class.getClassLoader(), "ONNX export", Autodistill4jException::new);
    }

    /** The providers whose models can be exported, sorted. */
    public static List<String> providers() {
        return Registry.ALL.names();
    }

    /** Whether models of {@code provider} can be exported. */
    public static boolean exports(String provider) {
        return Registry.ALL.contains(provider);
    }

    /** Exports the model {@code model} names; returns the manifest written beside the graphs. */
    public static ObjectNode export(ModelSpec model, Precision precision, Path out) {
        if (!exports(model.provider())) {
            throw new Autodistill4jException("models of provider '" + model.provider() + "' have no ONNX export: "
                    + "`model` can name " + String.join(", ", providers()) + " (PROVIDER:REF)");
        }
        OnnxExport export = Registry.ALL.get(model.provider());
        return write(out, dir -> export.export(model.reference(), precision, dir));
    }

    /** Exports a CLIP checkpoint; returns the manifest written beside the graphs. */
    public static ObjectNode clip(String reference, Precision precision, Path out) {
        return export(new ModelSpec(MetaclipProvider.NAME, reference), precision, out);
    }

    /** Exports a trained target model folder; returns the manifest written beside the graph. */
    public static ObjectNode target(String folder, Precision precision, Path out) {
        return export(new ModelSpec(TargetModelProvider.NAME, folder), precision, out);
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
