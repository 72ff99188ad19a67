package dev.autodistill4j.onnx.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.metaclip.MetaclipProvider;
import dev.autodistill4j.metaclip.hub.ModelReferences;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The export of provider {@code metaclip}'s models: the reference is resolved as that provider resolves it
 * (alias, {@code hf:}, folder or file; none: its default checkpoint) and written by {@link ClipOnnxExporter}
 * as the two CLIP graphs, with the licence the provider knows for it.
 */
public final class ClipOnnxExport implements OnnxExport {

    @Override
    public String name() {
        return MetaclipProvider.NAME;
    }

    @Override
    public ObjectNode export(String reference, Precision precision, Path dir) throws IOException {
        String ref = reference == null || reference.isBlank() ? "hf:" + MetaclipProvider.DEFAULT_REFERENCE
                : reference.strip();
        Path checkpoint = ModelReferences.resolve(ref);
        return new ClipOnnxExporter(precision).export(checkpoint, ref, MetaclipProvider.licenseOf(ref), dir);
    }
}
