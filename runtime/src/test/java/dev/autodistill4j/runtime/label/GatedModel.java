package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ClassificationRequest;
import dev.autodistill4j.api.model.ClassificationResponse;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.Ontology;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Wraps a model so a test can hold a labelling run inside its first batch: signals, then waits for release. */
final class GatedModel implements ClassificationBaseModel {
    private final ClassificationBaseModel inner;
    private final CountDownLatch entered;
    private final CountDownLatch release;

    GatedModel(ClassificationBaseModel inner, CountDownLatch entered, CountDownLatch release) {
        this.inner = inner;
        this.entered = entered;
        this.release = release;
    }

    @Override
    public Ontology ontology() {
        return inner.ontology();
    }

    @Override
    public ClassificationResponse classify(ClassificationRequest request) {
        entered.countDown();
        try {
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test never released the model");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return inner.classify(request);
    }

    @Override
    public ModelInfo info() {
        return inner.info();
    }

    @Override
    public void close() {
        inner.close();
    }
}
