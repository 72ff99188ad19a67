package dev.autodistill4j.trainers.model;

import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.ModelSpec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a trained model names the base model it embeds with, so that it finds those weights again from any working
 * folder and after the model directory was moved: a local checkpoint is recorded as an absolute path — or
 * relative to the model directory when it lies inside it, so a directory that carries its base model can be moved
 * as a whole — and aliases and hub references ({@code hf:org/repo@rev}) as given; the checkpoint's sha256 is in
 * the provenance beside it. A user whose weights moved passes {@code --base-model} ({@value #OVERRIDE_OPTION}
 * in the request's options) instead of retraining.
 */
public final class BaseModelReference {
    /** The request option (CLI: {@code --base-model}) that replaces the recorded base model. */
    public static final String OVERRIDE_OPTION = "base-model";

    private BaseModelReference() {
    }

    /** The spec to record for {@code spec} in the model directory {@code modelDir} (the final one, not staging). */
    public static String portable(String spec, Path modelDir) {
        ModelSpec absolute = ModelSpec.parse(spec).withAbsoluteLocalPath();
        Path p = absolute.localPath();
        Path dir = modelDir.toAbsolutePath().normalize();
        if (p == null || !p.isAbsolute() || !p.startsWith(dir) || p.equals(dir)) {
            return absolute.toString();
        }
        return absolute.provider() + ":" + dir.relativize(p);
    }

    /**
     * The spec to load: the request's {@value #OVERRIDE_OPTION} option when given; else the recorded spec, a
     * relative path in it resolved against the model directory first (then against the working folder, as
     * models written before paths were made absolute meant it); else, when that path exists nowhere, the
     * absolute checkpoint file the provenance records, if it still exists.
     */
    public static String toLoad(String recorded, TargetModelDirectory dir, ModelRequest request) {
        String override = request.options().get(OVERRIDE_OPTION);
        if (override != null) {
            if (override.isBlank()) {
                throw new ModelLoadException("`base-model` is empty: give provider[:reference], e.g. "
                        + "`base-model` metaclip:/path/to/checkpoint");
            }
            return ModelSpec.absolute(override.strip());
        }
        ModelSpec spec = ModelSpec.parse(recorded);
        Path p = spec.localPath();
        if (p == null || p.isAbsolute() && Files.exists(p)) {
            return recorded;
        }
        if (!p.isAbsolute() && Files.exists(dir.dir().resolve(p))) {
            return spec.provider() + ":" + dir.dir().resolve(p).normalize();
        }
        if (Files.exists(p)) {
            return spec.withAbsoluteLocalPath().toString();
        }
        Provenance.BaseModelSource source = dir.provenanceRecord().baseModel();
        String checkpoint = source == null ? null : source.checkpoint();
        if (checkpoint != null && Path.of(checkpoint).isAbsolute() && Files.exists(Path.of(checkpoint))) {
            return spec.provider() + ":" + checkpoint;
        }
        return recorded;
    }

    /** Whether the request replaces the recorded base model. */
    public static boolean overridden(ModelRequest request) {
        return request.options().containsKey(OVERRIDE_OPTION);
    }
}
