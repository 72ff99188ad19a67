package dev.autodistill4j.runtime.label;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageDecoderFactory;
import dev.autodistill4j.runtime.inject.Autodistill4jModule;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.autodistill4j.runtime.label.GeneratedImages.png;
import static dev.autodistill4j.runtime.label.GeneratedImages.solid;
import static dev.autodistill4j.runtime.label.GeneratedImages.write;
import static org.assertj.core.api.Assertions.assertThat;

/** The Guice module does real work: the runner is built from bindings, and overriding one changes what it does. */
class LabelRunnerWiringTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void redImages() {
        for (int i = 0; i < 6; i++) {
            write(tmp.resolve("in/r" + i + ".png"), png(solid(8, 8, LabelRunnerTest.RED)));
        }
    }

    private LabelConfig config(String out) {
        return LabelConfig.builder().model("test-colour").ontology(LabelRunnerTest.ONTOLOGY).input(tmp.resolve("in"))
                .output(tmp.resolve(out)).batchSize(4).seed(7).build();
    }

    private static List<String> classes(Path out) {
        return Manifest.read(out.resolve(Manifest.FILE_NAME)).stream().map(ManifestRecord::className).toList();
    }

    @Test
    void theDefaultGraphDecodesTheFilesItIsGiven() {
        LabelRunner runner = Guice.createInjector(new Autodistill4jModule()).getInstance(LabelRunner.class);
        runner.run(config("out"));
        assertThat(classes(tmp.resolve("out"))).hasSize(6).containsOnly("red");
    }

    @Test
    void anOverriddenDecoderIsTheOneTheRunnerUses() {
        // every file "decodes" to a blue square: the colour model must then call all of them blue
        ImageDecoderFactory blue = limits -> new ImageDecoder(limits) {
            @Override
            public BufferedImage decode(Path file, int minSide) {
                return solid(8, 8, LabelRunnerTest.BLUE);
            }
        };
        Injector injector = Guice.createInjector(Modules.override(new Autodistill4jModule())
                .with(b -> b.bind(ImageDecoderFactory.class).toInstance(blue)));
        injector.getInstance(LabelRunner.class).run(config("out"));
        assertThat(classes(tmp.resolve("out"))).hasSize(6).containsOnly("blue");
    }

    @Test
    void anOverriddenProgressListenerHearsTheRun() {
        List<String> heard = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void update(String task, long done, long total) {
                heard.add(task + " " + done + "/" + total);
            }

            @Override
            public void finished(String task) {
                heard.add(task + " finished");
            }
        };
        Injector injector = Guice.createInjector(Modules.override(new Autodistill4jModule())
                .with(b -> b.bind(ProgressListener.class).toInstance(listener)));
        injector.getInstance(LabelRunner.class).run(config("out"));
        assertThat(heard).contains("label 6/6", "label finished");
    }

    @Test
    void oneRegistryPerInjectorDiscoveredOnce() {
        Injector injector = Guice.createInjector(new Autodistill4jModule());
        assertThat(injector.getInstance(BaseModelRegistry.class)).isSameAs(injector.getInstance(BaseModelRegistry.class));
        assertThat(injector.getInstance(LabelRunner.class)).isSameAs(injector.getInstance(LabelRunner.class));
    }

    @Test
    void anApplicationsOwnRegistryReplacesDiscovery() {
        BaseModelRegistry empty = BaseModelRegistry.of(List.of());
        Injector injector = Guice.createInjector(new Autodistill4jModule(empty));
        assertThat(injector.getInstance(BaseModelRegistry.class).names()).isEmpty();
    }
}
