package dev.autodistill4j.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every field of {@code clip-onnx.json} is typed and ranged as the checkpoint loader ranges a checkpoint
 * (issue #19 item 10: {@code logit_scale} −16.82 inverted every prediction, 0 gave every class 0.5, "abc" became
 * 100): a lying manifest is refused when the folder is opened, naming the file and the field, never coerced.
 */
class ManifestFieldsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A copy of the exported fixture CLIP whose manifest has {@code value} at the dotted {@code field}. */
    Path withField(String field, String valueJson) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("m" + Math.abs((field + valueJson).hashCode())));
        try (var files = Files.list(OnnxProviderTest.export())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path manifest = copy.resolve(ClipOnnxManifest.FILE);
        ObjectNode root = (ObjectNode) JSON.readTree(manifest.toFile());
        String[] path = field.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < path.length - 1; i++) {
            parent = (ObjectNode) parent.get(path[i]);
        }
        JsonNode value = JSON.readTree(valueJson);
        if (value == null || value.isMissingNode()) {
            parent.remove(path[path.length - 1]);
        } else {
            parent.set(path[path.length - 1], value);
        }
        JSON.writeValue(manifest.toFile(), root);
        return copy;
    }

    @Test
    void theUnmodifiedExportOpens() {
        ClipOnnxDirectory dir = ClipOnnxDirectory.open(OnnxProviderTest.export());
        assertThat(dir.logitScale()).isBetween(1f, 1000f);
    }

    @Test
    void everyLyingFieldIsRefusedNamingTheFileAndTheField() throws Exception {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[]{"logit_scale", "-16.82"});
        cases.add(new String[]{"logit_scale", "0"});
        cases.add(new String[]{"logit_scale", "\"abc\""});
        cases.add(new String[]{"logit_scale", "1000000"});
        cases.add(new String[]{"logit_scale", ""});
        cases.add(new String[]{"embedding_dimension", "\"32\""});
        cases.add(new String[]{"embedding_dimension", "0"});
        cases.add(new String[]{"embedding_dimension", "31.5"});
        cases.add(new String[]{"precision", "\"fp64\""});
        cases.add(new String[]{"format_version", "\"1\""});
        cases.add(new String[]{"tokenizer.context_length", "0"});
        cases.add(new String[]{"tokenizer.context_length", "\"77\""});
        cases.add(new String[]{"tokenizer.vocab_size", "-5"});
        cases.add(new String[]{"tokenizer.eos_token_id", "99999999"});
        cases.add(new String[]{"tokenizer.vocab", "\"../../etc/passwd\""});
        cases.add(new String[]{"preprocessing.resize_shortest_edge", "0"});
        cases.add(new String[]{"preprocessing.center_crop_height", "\"32\""});
        cases.add(new String[]{"preprocessing.mean", "[\"abc\", 0.4, 0.4]"});
        cases.add(new String[]{"preprocessing.std", "[0.2, 0, 0.2]"});
        cases.add(new String[]{"preprocessing.std", "[0.2, 0.2]"});
        cases.add(new String[]{"files", "[]"});
        for (String[] c : cases) {
            Path dir = withField(c[0], c[1]);
            assertThatThrownBy(() -> ClipOnnxDirectory.open(dir)).as(c[0] + " = " + c[1])
                    .isInstanceOf(ModelLoadException.class).hasMessageContaining(ClipOnnxManifest.FILE)
                    .hasMessageContaining(c[0]);
        }
    }
}
