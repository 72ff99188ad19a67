package dev.autodistill4j.testing;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.KnownOptions;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.api.spi.ThreadSafety;

import java.util.List;
import java.util.Map;

/**
 * Test-scope provider {@code test-colour} (registered in the test-jar's META-INF/services), so framework and
 * CLI tests run the whole pipeline through ServiceLoader without model weights.
 * Options: {@code failAfter=N} (throw after N images), {@code delayMillis=N} (sleep per image), {@code note=TEXT}
 * (ignored; two requests that differ only in it are two model keys). Any other option, or a GPU, is refused.
 */
public final class ColourHistogramProvider implements BaseModelProvider {
    public static final String NAME = "test-colour";
    /** Its options, as the unknown-option error lists them. */
    public static final List<String> OPTIONS = List.of("failAfter=<images before a simulated crash>",
            "delayMillis=<sleep per image>", "note=<ignored: tells two otherwise equal requests apart>");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test-only colour-histogram classifier and embedder (8 colours)";
    }

    @Override
    public List<String> references() {
        return List.of("default");
    }

    @Override
    public String license() {
        return "Apache-2.0 (test code)";
    }

    /** The histogram is a pure function of the pixels; the crash counter is atomic. */
    @Override
    public ThreadSafety threadSafety() {
        return ThreadSafety.THREAD_SAFE;
    }

    @Override
    public BaseModel load(ModelRequest request) {
        String ref = request.reference();
        if (ref != null && !ref.equals("default")) {
            throw new ModelLoadException("test-colour has no model '" + ref + "': use test-colour or test-colour:default");
        }
        if (request.device().isGpu()) {
            throw new ModelLoadException("test-colour runs on the CPU only: use `device` cpu instead of "
                    + request.device());
        }
        KnownOptions.require(NAME, request.options(), OPTIONS);
        int failAfter;
        long delayMillis;
        try {
            failAfter = Integer.parseInt(request.option("failAfter", "-1"));
            delayMillis = Long.parseLong(request.option("delayMillis", "0"));
        } catch (NumberFormatException e) {
            throw new ModelLoadException("test-colour options failAfter and delayMillis must be integers", e);
        }
        ModelInfo info = new ModelInfo(NAME, ref == null ? "default" : ref, null, null, "Apache-2.0",
                Map.of("embeddingDimension", 8, "aggregation", "sum"));
        return new ColourHistogramModel(request.ontology(), info, failAfter, delayMillis);
    }
}
