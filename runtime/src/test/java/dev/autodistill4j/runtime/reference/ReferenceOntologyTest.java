package dev.autodistill4j.runtime.reference;

import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.api.ontology.OntologyException;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.datasets.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.autodistill4j.runtime.reference.ReferenceClassifierTest.solid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The classes: YAML form: prompts, images (files and folders relative to the file), vectors, and every refusal. */
@SuppressWarnings("unchecked")
class ReferenceOntologyTest {
    @TempDir
    Path tmp;

    Ontology load(String yaml) throws Exception {
        Path f = tmp.resolve("o.yaml");
        Files.writeString(f, yaml);
        return OntologyLoader.loadAny(f);
    }

    @Test
    void readsEveryFormWithPathsRelativeToTheFile() throws Exception {
        solid(tmp.resolve("refs/red/a.png"), 0xFF0000);
        solid(tmp.resolve("refs/red/sub/b.png"), 0xEE0000);
        solid(tmp.resolve("extra.png"), 0xDD0000);
        Ontology o = load("""
                method: knn
                k: 2
                classes:
                  red_thing:
                    prompts: ["a photo of something red."]
                    images: [refs/red/, extra.png]
                  blue_thing:
                    vectors: [[0, 1, 0, 0, 0, 0, 0, 0], [0, 0.9, 0, 0, 0, 0, 0, 0.1]]
                  green: a green thing
                  yellow: [a yellow thing, something yellow]
                """);
        ReferenceOntology r = (ReferenceOntology) o;
        assertThat(r.classes()).containsExactly("red_thing", "blue_thing", "green", "yellow");
        assertThat(r.prompts()).containsExactly("a photo of something red.", "a green thing", "a yellow thing",
                "something yellow");
        assertThat(r.classOf("something yellow")).isEqualTo("yellow");
        assertThat(r.classIdOfPrompt(1)).isEqualTo(2);
        assertThat(r.method()).isEqualTo(ReferenceOntology.Method.KNN);
        assertThat(r.k()).isEqualTo(2);
        assertThat(r.definition("red_thing").images()).extracting(ReferenceOntology.ReferenceImage::path)
                .containsExactly(tmp.resolve("refs/red/a.png"), tmp.resolve("refs/red/sub/b.png"),
                        tmp.resolve("extra.png"));
        Map<String, Object> described = r.describe();
        Map<String, Object> red = (Map<String, Object>) ((Map<String, Object>) described.get("classes"))
                .get("red_thing");
        assertThat((List<Map<String, Object>>) red.get("images")).first().satisfies(m -> assertThat(m)
                .containsEntry("sha256", Sha256.of(tmp.resolve("refs/red/a.png")))
                .containsEntry("path", tmp.resolve("refs/red/a.png").toString()));
        assertThat(((Map<String, Object>) ((Map<String, Object>) described.get("classes")).get("blue_thing")))
                .containsEntry("vectors", 2);
    }

    @Test
    void configFilesCarryTheClassesFormInlineOrByPath() throws Exception {
        solid(tmp.resolve("cfg/refs/a.png"), 0xFF0000);
        Path config = tmp.resolve("cfg/label.yaml");
        Files.writeString(config, "model: test-colour\ninput: in\noutput: out\n"
                + "ontology:\n  classes:\n    red: {images: [refs/a.png]}\n    blue: blue\n");
        dev.autodistill4j.runtime.label.LabelConfig c = dev.autodistill4j.runtime.label.LabelConfig.builder().fromYaml(config)
                .build();
        assertThat(((ReferenceOntology) c.ontology()).definition("red").images()).singleElement()
                .satisfies(i -> assertThat(i.path()).isEqualTo(tmp.resolve("cfg/refs/a.png")));
        Files.writeString(tmp.resolve("cfg/o.yaml"), "classes:\n  red: {images: [refs/a.png]}\n");
        Files.writeString(config, "model: test-colour\ninput: in\noutput: out\nontology: o.yaml\n");
        assertThat(dev.autodistill4j.runtime.label.LabelConfig.builder().fromYaml(config).build().ontology())
                .isInstanceOf(ReferenceOntology.class);
        assertThat(OntologyLoader.loadAny(config)).isInstanceOf(ReferenceOntology.class);
    }

    @Test
    void captionFormStaysACaptionOntology() throws Exception {
        assertThat(load("a red square: red\nblue: blue\n")).isInstanceOf(CaptionOntology.class);
        // a prompt that happens to be the word "classes" is still a caption
        assertThat(load("classes: school\n")).isInstanceOf(CaptionOntology.class);
    }

    @Test
    void refusesWhatWouldGiveWrongLabels() throws Exception {
        assertThatThrownBy(() -> load("classes:\n  red:\n    images: [missing.png]\n"))
                .isInstanceOf(OntologyException.class).hasMessageContaining("missing.png").hasMessageContaining("red");
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> load("classes:\n  red:\n    images: [empty/]\n"))
                .hasMessageContaining("holds no images").hasMessageContaining("empty");
        assertThatThrownBy(() -> load("classes:\n  red: {}\n")).hasMessageContaining("class 'red' has no prompts");
        String file = tmp.resolve("o.yaml") + ": ";
        assertThatThrownBy(() -> load("classes:\n  red:\n    vectors: [[1, .nan]]\n")).hasMessageStartingWith(file)
                .hasMessageContaining("class 'red'").hasMessageContaining("NaN");
        assertThatThrownBy(() -> load("classes:\n  red:\n    vectors: [[1, 1e40]]\n")).hasMessageStartingWith(file)
                .as("a number beyond float range is infinite, not silently clipped").hasMessageContaining("Infinity");
        assertThatThrownBy(() -> load("classes:\n  red:\n    vectors: [[1, -.inf]]\n")).hasMessageStartingWith(file)
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> load("classes:\n  red:\n    vectors: [[1, 2]]\n  blue:\n    vectors: [[1, 2, 3]]\n"))
                .hasMessageStartingWith(file).hasMessageContaining("class 'blue' has a vector of dimension 3");
        assertThatThrownBy(() -> load("classes:\n  red:\n    vectors: [[1, x]]\n")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> load("classes:\n  red:\n    vectors: [[0, 0]]\n")).hasMessageContaining("all-zero");
        assertThatThrownBy(() -> load("classes:\n  red:\n    promts: [a]\n")).hasMessageContaining("unknown key 'promts'");
        assertThatThrownBy(() -> load("methd: knn\nclasses:\n  red: a\n")).hasMessageContaining("unknown key 'methd'");
        assertThatThrownBy(() -> load("method: nearest\nclasses:\n  red: a\n")).hasMessageContaining("prototype or knn");
        assertThatThrownBy(() -> load("k: 0\nclasses:\n  red: a\n")).hasMessageContaining("k 0");
        assertThatThrownBy(() -> load("classes:\n  red: same\n  blue: same\n")).hasMessageContaining("given twice");
        load("classes:\n  red: a red thing\n");
        assertThatThrownBy(() -> OntologyLoader.load(tmp.resolve("o.yaml"))).hasMessageContaining("classes:");
    }

    @Test
    void javaBuilderAndCaptionConversion() {
        ReferenceOntology r = ReferenceOntology.builder()
                .prompts("red", List.of("red"))
                .vectors("red", List.of(new float[]{0, 0, 0, 0, 1, 0, 0, 0}))
                .vectors("blue", List.of(new float[]{0, 1, 0, 0, 0, 0, 0, 0}))
                .build();
        assertThat(r.classes()).containsExactly("red", "blue");
        ReferenceOntology fromCaption = ReferenceOntology.of(CaptionOntology.of(Map.of("a red thing", "red")));
        assertThat(fromCaption.definition("red").prompts()).containsExactly("a red thing");
    }
}
