package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.model.PromptAggregation;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.runtime.zeroshot.CaptionClassifier;
import dev.autodistill4j.runtime.zeroshot.PromptTemplates;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision moved out of the provider (issue 21): a {@link CaptionClassifier} built by hand on the bare
 * metaclip embedding model gives exactly (bit for bit) what the registry's classifier over metaclip gives —
 * for every aggregation and with or without templates, the options read by the runtime — on the tiny-clip
 * fixture. (Before metaclip's own zero-shot classifier was deleted, this test compared it with the runtime's.)
 */
class RuntimeCaptionClassifierParityTest {

    private static CaptionOntology ontology() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a photo of a cat", "cat");
        m.put("a photo of a dog", "dog");
        m.put("a photo of a kitten", "cat");
        m.put("a photo of a red car", "car");
        return CaptionOntology.of(m);
    }

    private static List<BufferedImage> images() {
        return List.of(image(3, 4, 40), image(1, 7, 200), image(9, 2, 90));
    }

    private static BufferedImage image(int rx, int gy, int b) {
        BufferedImage img = new BufferedImage(80, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 80; x++) {
                img.setRGB(x, y, ((x * rx) & 0xff) << 16 | ((y * gy) & 0xff) << 8 | b);
            }
        }
        return img;
    }

    /** The runtime's decision on a classifier's evidence, at the label default. */
    private static Classifications decide(CaptionClassifier c, float[] embedding) {
        return Classifications.fromDistribution(c.ontology().classes(), c.distribution(embedding), 0.5);
    }

    @ParameterizedTest
    @CsvSource({"sum, none", "max, none", "mean, none", "sum, imagenet", "max, imagenet"})
    void theRegistrysClassifierEqualsOneBuiltOnTheBareModel(String aggregation, String templates) {
        ModelRequest request = new ModelRequest(Fixtures.resolve("clip/tiny-clip").toString(), ontology(), null,
                Map.of("aggregation", aggregation, "templates", templates));
        try (var model = ThroughRuntime.classifier(request);
             var bare = (MetaclipModel) new MetaclipProvider().load(request.withOntology(null))) {
            CaptionClassifier runtime = CaptionClassifier.build(bare, ontology(),
                    templates.equals("none") ? List.of() : PromptTemplates.imagenet(),
                    PromptAggregation.valueOf(aggregation.toUpperCase(Locale.ROOT)));
            List<BufferedImage> images = images();
            for (int i = 0; i < images.size(); i++) {
                // one image per call on both sides: a batch of one embeds as predict(image) does
                float[] embedding = bare.embedImage(images.get(i));
                float[] expected = model.predict(images.get(i), 0.5).distribution();
                assertThat(runtime.distribution(embedding)).as("image %d", i).containsExactly(expected);
                assertThat(decide(runtime, embedding)).isEqualTo(decide(model.classifier(), embedding));
                assertThat(runtime.promptLogits(embedding))
                        .containsExactly(model.classifier().promptLogits(embedding));
            }
        }
    }
}
