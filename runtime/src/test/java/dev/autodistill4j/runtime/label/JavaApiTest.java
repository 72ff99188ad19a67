package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.runtime.config.ConfigException;
import dev.autodistill4j.runtime.image.ImageDecodeException;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.autodistill4j.runtime.label.GeneratedImages.jpeg;
import static dev.autodistill4j.runtime.label.GeneratedImages.png;
import static dev.autodistill4j.runtime.label.GeneratedImages.solid;
import static dev.autodistill4j.runtime.label.GeneratedImages.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #26 item 8, the Java API as a library user meets it: {@code predict} on a file decodes like the CLI,
 * {@code label(input, extension, output)} is reachable from the model as autodistill's {@code label()}, a null
 * progress listener means "no reports", and the README's {@code ModelRequest.forOntology}.
 */
class JavaApiTest {
    @TempDir
    Path tmp;
    Path in;

    @BeforeEach
    void images() {
        in = tmp.resolve("in");
        for (int i = 0; i < 3; i++) {
            write(in.resolve("red" + i + ".png"), png(solid(8, 8, LabelRunnerTest.RED)));
            write(in.resolve("blue" + i + ".jpg"), jpeg(solid(8, 8, LabelRunnerTest.BLUE)));
        }
        write(in.resolve("BLUE9.JPG"), jpeg(solid(8, 8, LabelRunnerTest.BLUE)));
    }

    private ClassificationBaseModel classifier() {
        BaseModel model = BaseModelRegistry.discover().load("test-colour",
                ModelRequest.forOntology(LabelRunnerTest.ONTOLOGY));
        return BaseModels.classifier(model);
    }

    @Test
    void predictOnAPathDecodesAsTheCliDoes() {
        try (ClassificationBaseModel model = classifier()) {
            Path file = in.resolve("red0.png");
            Classifications byPath = model.predict(file, 0.5);
            Classifications byImage = model.predict(ImageDecoder.defaults().decode(file), 0.5);
            assertThat(byPath.scores()).isEqualTo(byImage.scores());
            assertThat(byPath.topClass()).isEqualTo("red");
            assertThat(model.predictFiles(List.of(file, in.resolve("blue0.jpg")), 0.5))
                    .extracting(Classifications::topClass).containsExactly("red", "blue");
            write(in.resolve("broken.png"), new byte[] {1, 2, 3});
            assertThatThrownBy(() -> model.predict(in.resolve("broken.png"), 0.5))
                    .isInstanceOf(ImageDecodeException.class).hasMessageContaining("broken.png");
        }
    }

    @Test
    void labelFromTheModelWithAnExtensionFilterLikeAutodistill() {
        Path out = tmp.resolve("out");
        try (ClassificationBaseModel model = classifier()) {
            assertThat(model.label(in, ".jpg", out)).isEqualTo(out.toAbsolutePath().normalize());
        }
        List<ManifestRecord> records = Manifest.read(out.resolve(Manifest.FILE_NAME));
        assertThat(records).extracting(r -> Path.of(r.source()).getFileName().toString())
                .containsExactlyInAnyOrder("blue0.jpg", "blue1.jpg", "blue2.jpg", "BLUE9.JPG");
        assertThat(records).allSatisfy(r -> assertThat(r.className()).isEqualTo("blue"));
        assertThatThrownBy(() -> LabelConfig.builder().ontology(LabelRunnerTest.ONTOLOGY).input(in)
                .output(tmp.resolve("x")).extensions(List.of("tar.gz")).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("tar.gz");
    }

    @Test
    void aNullProgressListenerReportsNothingAndANullModelSaysWhatIsMissing() {
        LabelConfig config = LabelConfig.builder().model("test-colour").ontology(LabelRunnerTest.ONTOLOGY)
                .input(in).output(tmp.resolve("quiet")).build();
        LabelRunner runner = new LabelRunner(BaseModelRegistry.discover());
        assertThat(new LabelRunner(BaseModelRegistry.discover()).run(config, null).images()).isEqualTo(7);
        assertThatThrownBy(() -> runner.run(config, (ClassificationBaseModel) null, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("model");
        CaptionOntology ontology = CaptionOntology.ofClasses(List.of("red", "blue"));
        assertThat(ModelRequest.forOntology(ontology).ontology()).isSameAs(ontology);
        assertThat(ModelRequest.defaults().reference()).isNull();
    }
}
