package dev.autodistill4j.runtime.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageLimits;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelRunner;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.api.spi.ModelSpec;

/**
 * Wires a label run: the provider registry (ServiceLoader, or one given by an embedding application), the
 * validated {@link LabelConfig}, the provider the config names, a decoder with the config's pixel limit and
 * the {@link LabelRunner}. Applications replace a binding with {@code Modules.override} (e.g. a registry with
 * an extra in-process provider).
 */
public final class Autodistill4jModule extends AbstractModule {
    private final LabelConfig config;
    private final BaseModelRegistry registry;

    /** Providers discovered on the class path. */
    public Autodistill4jModule(LabelConfig config) {
        this(config, null);
    }

    /** An explicit registry (null: discover). */
    public Autodistill4jModule(LabelConfig config, BaseModelRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    protected void configure() {
        bind(LabelConfig.class).toInstance(config);
        bind(LabelRunner.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    BaseModelRegistry registry() {
        return registry != null ? registry : BaseModelRegistry.discover();
    }

    @Provides
    BaseModelProvider provider(BaseModelRegistry registry, LabelConfig config) {
        return registry.provider(ModelSpec.parse(config.model()).provider());
    }

    @Provides
    ImageDecoder decoder(LabelConfig config) {
        return new ImageDecoder(ImageLimits.defaults().withMaxPixels(config.maxPixels()));
    }
}
