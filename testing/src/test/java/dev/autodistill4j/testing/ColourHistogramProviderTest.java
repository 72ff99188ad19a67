package dev.autodistill4j.testing;

import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.api.spi.BaseModelProvider;

import java.util.List;

/** The test model itself honours the provider contract (and so proves the contract test runs). */
class ColourHistogramProviderTest extends BaseModelProviderContract {
    @Override
    protected BaseModelProvider provider() {
        return new ColourHistogramProvider();
    }

    /** test-colour understands colour words only. */
    @Override
    protected Ontology otherOntology() {
        return CaptionOntology.ofClasses(List.of("green", "red", "blue"));
    }

    @Override
    protected List<String> knownOptions() {
        return List.of("failAfter", "delayMillis", "note");
    }

    @Override
    protected ModelRequest workingRequest() {
        return ModelRequest.of(null).withOntology(CaptionOntology.ofClasses(List.of("red", "blue")));
    }
}
