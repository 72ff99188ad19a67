package dev.autodistill4j.runtime.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.image.ImageDecoderFactory;
import dev.autodistill4j.runtime.label.LabelRunner;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.runtime.regions.RegionLabelRunner;

/**
 * The runtime's object graph: one provider registry (discovered once, or given by an embedding application), the
 * image decoder factory, the default progress listener, and the runners built from them. The CLI builds one
 * injector from this module for a whole invocation; a library user does the same and replaces any binding with
 * {@code Modules.override(new Autodistill4jModule()).with(…)} — e.g. a registry with an in-process provider, a
 * decoder that reads from a cache, a progress listener that feeds a UI. Per-run settings ({@code LabelConfig})
 * are arguments of {@code run}, not bindings, so one injector serves many runs.
 */
public final class Autodistill4jModule extends AbstractModule {
    private final BaseModelRegistry registry;

    /** Providers discovered on the class path (once, when first needed). */
    public Autodistill4jModule() {
        this(null);
    }

    /** An explicit registry (null: discover). */
    public Autodistill4jModule(BaseModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void configure() {
        bind(ImageDecoderFactory.class).toInstance(ImageDecoderFactory.STANDARD);
        bind(ProgressListener.class).toInstance(ProgressListener.NONE);
        bind(LabelRunner.class).in(Singleton.class);
        bind(RegionLabelRunner.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    BaseModelRegistry registry() {
        return registry != null ? registry : BaseModelRegistry.discover();
    }
}
