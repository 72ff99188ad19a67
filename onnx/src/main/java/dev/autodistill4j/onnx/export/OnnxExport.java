package dev.autodistill4j.onnx.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.spi.NamedService;

import java.io.IOException;
import java.nio.file.Path;

/**
 * ONNX export as a capability of a model provider: {@link #name()} is the provider's name as typed in
 * {@code model} ({@code NAME:REF}), so the export of a model is found by the provider that loads it, never by a
 * switch on names. Found with {@link java.util.ServiceLoader} ({@code META-INF/services}) through
 * {@link dev.autodistill4j.api.spi.NamedServices}: two exports claiming one provider is an error, and an unknown
 * provider is an error listing the exportable ones ({@link dev.autodistill4j.onnx.OnnxExports}).
 * Implementations need a public no-argument constructor.
 */
public interface OnnxExport extends NamedService {

    /**
     * Writes the export of the model {@code reference} names (null or blank: the provider's default, where it has
     * one) into {@code dir}, which exists and is empty (an {@link ExportDirectory}'s staging folder).
     *
     * @return the manifest written beside the graphs
     */
    ObjectNode export(String reference, Precision precision, Path dir) throws IOException;
}
