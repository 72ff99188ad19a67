package dev.autodistill4j.onnx.engine;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.Engine;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.EngineBackend;
import dev.autodistill4j.metaclip.MetaclipProvider;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.hub.ModelReferences;
import dev.autodistill4j.onnx.OnnxProvider;
import dev.autodistill4j.onnx.export.Precision;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --model metaclip:REF --engine onnx|onnx-int8}: the checkpoint exported once into the {@link ExportCache}
 * and run by the {@code onnx} provider. The model reports the metaclip reference and checkpoint hash it came from
 * (so {@code run.json} and resume keys are those of the checkpoint), plus which engine ran and the export folder.
 */
public final class OnnxEngineBackend implements EngineBackend {
    private final ExportCache cache;

    public OnnxEngineBackend() {
        this(ExportCache.fromEnvironment());
    }

    public OnnxEngineBackend(ExportCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public boolean runs(Engine engine) {
        return engine == Engine.ONNX || engine == Engine.ONNX_INT8;
    }

    /** The precision an engine exports with. */
    public static Precision precision(Engine engine) {
        return switch (engine) {
            case ONNX -> Precision.FP32;
            case ONNX_INT8 -> Precision.INT8;
            case PYTORCH -> throw new IllegalArgumentException("pytorch is not an ONNX engine");
        };
    }

    /** Resolves a metaclip reference (alias, {@code hf:}, folder, file) as the metaclip provider does. */
    public static String reference(ModelRequest request) {
        return request.reference() == null || request.reference().isBlank()
                ? "hf:" + MetaclipProvider.DEFAULT_REFERENCE : request.reference().strip();
    }

    /**
     * A cached export and what it was made from.
     *
     * @param weights the checkpoint's weights file
     * @param key     the cache key (checkpoint hash, precision, exporter version)
     * @param dir     the export folder ({@code --model onnx:DIR} loads it too)
     */
    public record Export(Path weights, ExportKey key, Path dir) {
    }

    /** The cached export of {@code reference} for {@code engine}, exporting it on first use. */
    public Export export(String reference, Engine engine) {
        Path checkpoint;
        try {
            checkpoint = ModelReferences.resolve(reference);
        } catch (ModelLoadException e) {
            throw e.getMessage().contains(reference) ? e
                    : new ModelLoadException("metaclip reference '" + reference + "': " + e.getMessage(), e);
        }
        ExportKey key = ExportKey.of(checkpoint, precision(engine));
        Path dir = cache.ensure(key, checkpoint, reference, MetaclipProvider.licenseOf(reference));
        return new Export(ClipCheckpointLoader.weightsFile(checkpoint).toAbsolutePath(), key, dir);
    }

    @Override
    public BaseModel load(Engine engine, ModelRequest request) {
        String reference = reference(request);
        if (request.device().isGpu()) {
            throw new ModelLoadException("`engine` " + engine.id() + " runs on the CPU only: use `device` cpu, or "
                    + "`engine` pytorch with `device` " + request.device());
        }
        Export export = export(reference, engine);
        ModelRequest onnx = new ModelRequest(export.dir().toString(), request.ontology(), request.device(),
                request.options());
        return new OnnxProvider().load(onnx, info -> describe(info, reference, engine, export));
    }

    private static ModelInfo describe(ModelInfo onnx, String reference, Engine engine, Export export) {
        Map<String, Object> d = new LinkedHashMap<>(onnx.details());
        d.remove("source_reference"); // the first reference that exported it; this run's is the model's reference
        d.remove("source_sha256");
        d.put("engine_id", engine.id());
        d.put("export", export.dir().toString());
        d.put("export_key", export.key().id());
        d.put("exporter_version", ExportKey.EXPORTER_VERSION);
        return new ModelInfo(MetaclipProvider.NAME, reference, export.weights().toString(),
                export.key().checkpointSha256(), onnx.license(), d);
    }
}
