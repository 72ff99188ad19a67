package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.testing.BaseModelProviderContract;
import dev.autodistill4j.testing.Fixtures;

import java.util.List;
import java.util.Map;

/** The framework's provider contract, run against the tiny CLIP fixture. */
class MetaclipProviderTest extends BaseModelProviderContract {
    @Override
    protected BaseModelProvider provider() {
        return new MetaclipProvider();
    }

    /**
     * The provider gives evidence only (embeddings); zero-shot classification into the request's ontology is the
     * runtime's ({@code BaseModelRegistry} wraps the model: ThroughRuntime-style tests and the runtime's own).
     */
    @Override
    protected boolean classifies() {
        return false;
    }

    @Override
    protected List<String> knownOptions() {
        return List.of("aggregation", "templates", "batch", "engine");
    }

    /** DJL PyTorch runs on a GPU when its native library is a CUDA build and the machine has one. */
    @Override
    protected boolean runsOnGpu() {
        return true;
    }

    @Override
    protected ModelRequest workingRequest() {
        return new ModelRequest(Fixtures.resolve("clip/tiny-clip").toString(), sampleOntology(), null, Map.of());
    }
}
