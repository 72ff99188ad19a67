package dev.autodistill4j.trainers.model;

import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #26 item 1: a trained model records a base model that is found again from any working folder — a local
 * path absolute, or relative to the model directory when inside it; aliases and hub references as given — and
 * {@code --base-model} replaces it.
 */
class BaseModelReferenceTest {
    @TempDir
    Path temp;

    @Test
    void aRelativeLocalPathIsRecordedAbsoluteAndOneInsideTheModelDirectoryRelativeToIt() throws Exception {
        Path weights = Files.createDirectories(temp.resolve("weights/clip"));
        Path relative = Path.of("").toAbsolutePath().relativize(weights);
        Path modelDir = temp.resolve("model");
        assertThat(BaseModelReference.portable("metaclip:" + relative, modelDir))
                .isEqualTo("metaclip:" + weights.toAbsolutePath().normalize());
        Path inside = Files.createDirectories(modelDir.resolve("base/clip"));
        assertThat(BaseModelReference.portable("metaclip:" + inside, modelDir)).isEqualTo("metaclip:base/clip");
        assertThat(BaseModelReference.portable("metaclip:hf:facebook/metaclip-b32-400m@main", modelDir))
                .isEqualTo("metaclip:hf:facebook/metaclip-b32-400m@main");
        assertThat(BaseModelReference.portable("metaclip:b32-400m", modelDir)).isEqualTo("metaclip:b32-400m");
        assertThat(BaseModelReference.portable("metaclip", modelDir)).isEqualTo("metaclip");
    }

    @Test
    void aRelativeReferenceResolvesAgainstTheModelDirectoryWhereverItWasMoved() throws Exception {
        Path moved = temp.resolve("moved/model");
        TargetModelDirectory dir = fakeModel(moved);
        Files.createDirectories(moved.resolve("base/clip"));
        assertThat(BaseModelReference.toLoad("metaclip:base/clip", dir, ModelRequest.of(null)))
                .isEqualTo("metaclip:" + moved.toAbsolutePath().resolve("base/clip"));
        assertThat(BaseModelReference.toLoad("metaclip:hf:org/repo@abc", dir, ModelRequest.of(null)))
                .isEqualTo("metaclip:hf:org/repo@abc");
    }

    @Test
    void theOverrideWinsAndAnEmptyOneIsAnError() throws Exception {
        TargetModelDirectory dir = fakeModel(temp.resolve("m"));
        ModelRequest given = new ModelRequest(null, null, null, Map.of("base-model", "metaclip:b16-400m"));
        assertThat(BaseModelReference.toLoad("metaclip:/gone/clip", dir, given)).isEqualTo("metaclip:b16-400m");
        ModelRequest empty = new ModelRequest(null, null, null, Map.of("base-model", " "));
        assertThatThrownBy(() -> BaseModelReference.toLoad("metaclip:/gone", dir, empty))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("`base-model`");
    }

    private static TargetModelDirectory fakeModel(Path dir) throws Exception {
        try (TargetModelWriter w = TargetModelWriter.create(dir)) {
            Files.writeString(w.file("w.bin"), "x");
            var m = TargetModelWriter.json().createObjectNode();
            m.put("trainer", "linear-probe");
            m.putArray("classes").add("a").add("b");
            w.commit(m);
        }
        return TargetModelDirectory.open(dir);
    }
}
