package dev.autodistill4j.runtime.zeroshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplatesTest {
    @TempDir
    Path dir;

    @Test
    void bundledImagenetTemplatesAreMetaclipsEighty() {
        List<String> t = PromptTemplates.imagenet();
        assertThat(t).hasSize(80).doesNotHaveDuplicates();
        assertThat(t.get(0)).isEqualTo("a bad photo of a {}.");
        assertThat(t).allSatisfy(s -> assertThat(s).contains("{}"));
    }

    @Test
    void bundledCopyEqualsTheSourceFile() throws IOException {
        JsonNode source = new ObjectMapper().readTree(
                Fixtures.metaclipData().resolve("clipeval/templates.json").toFile()).get("imagenet");
        List<String> expected = new ArrayList<>();
        source.forEach(n -> expected.add(n.asText()));
        assertThat(PromptTemplates.imagenet()).containsExactlyElementsOf(expected);
        // and MetaCLIP's own JSON file is accepted as a user file
        assertThat(PromptTemplates.fromFile(Fixtures.metaclipData().resolve("clipeval/templates.json")).templates())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void applyFillsTheClassName() {
        List<String> prompts = PromptTemplates.imagenetTemplates().apply("golden retriever");
        assertThat(prompts).hasSize(80);
        assertThat(prompts.get(0)).isEqualTo("a bad photo of a golden retriever.");
        assertThat(prompts).noneMatch(p -> p.contains("{}"));
    }

    @Test
    void userTextAndJsonFilesAreRead() throws IOException {
        Path txt = dir.resolve("t.txt");
        Files.writeString(txt, "# mine\na photo of a {}.\n\n  a drawing of a {}  \n");
        assertThat(PromptTemplates.fromFile(txt).templates()).containsExactly("a photo of a {}.", "a drawing of a {}");
        Path json = dir.resolve("t.json");
        Files.writeString(json, "[\"itap of a {}.\", \"a {} in the wild\"]");
        assertThat(PromptTemplates.fromFile(json).apply("fox")).containsExactly("itap of a fox.", "a fox in the wild");
        Path obj = dir.resolve("o.json");
        Files.writeString(obj, "{\"templates\": [\"art of the {}.\"]}");
        assertThat(PromptTemplates.fromFile(obj).size()).isEqualTo(1);
    }

    @Test
    void badTemplatesAreRefusedWithTheirLocation() throws IOException {
        Path txt = dir.resolve("bad.txt");
        Files.writeString(txt, "a photo of a {}.\na photo without placeholder\n");
        assertThatThrownBy(() -> PromptTemplates.fromFile(txt)).isInstanceOf(Autodistill4jException.class)
                .hasMessageContaining("bad.txt line 2").hasMessageContaining("exactly once");
        Path twice = dir.resolve("twice.json");
        Files.writeString(twice, "[\"{} and {}\"]");
        assertThatThrownBy(() -> PromptTemplates.fromFile(twice)).hasMessageContaining("entry 1");
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "# nothing\n");
        assertThatThrownBy(() -> PromptTemplates.fromFile(empty)).hasMessageContaining("no templates");
        assertThatThrownBy(() -> PromptTemplates.fromFile(dir.resolve("missing.txt")))
                .isInstanceOf(PromptTemplateException.class).hasMessageContaining("missing.txt");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[\"a {}\",");
        assertThatThrownBy(() -> PromptTemplates.fromFile(broken)).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> PromptTemplates.of(List.of())).isInstanceOf(PromptTemplateException.class);
    }
}
