package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.model.ModelLoadException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A model path the driver sees is shipped as a path (absolute) and never read as a hub id on an executor. */
class ModelLocationTest {
    @Test
    void aRelativePathThatExistsOnTheDriverIsShippedAbsolute() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/model-location-test/shapes-clip"));
        ModelLocation l = ModelLocation.onDriver("metaclip:target/model-location-test/shapes-clip");
        assertThat(l.path()).isTrue();
        assertThat(l.executorSpec()).isEqualTo("metaclip:" + dir.toAbsolutePath().normalize())
                .isEqualTo(l.driverSpec());
    }

    @Test
    void hubReferencesAndAliasesAreLeftAlone() {
        for (String spec : new String[] {"metaclip", "metaclip:facebook/metaclip-b32-400m", "metaclip:hf:org/repo@v1",
                "test-colour"}) {
            ModelLocation l = ModelLocation.onDriver(spec);
            assertThat(l.executorSpec()).isEqualTo(spec).isEqualTo(l.driverSpec());
            assertThat(l.path()).as(spec).isFalse();
        }
    }

    @Test
    void anExecutorMissingAPathTheDriverFoundSaysHowToShipIt() {
        ModelKey key = ModelKey.of(new ModelLocation("metaclip:model/missing-clip", "metaclip:/elsewhere", true), null,
                Map.of(), null);
        assertThatThrownBy(() -> ModelLocation.requireOnExecutor(key)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model/missing-clip does not exist on this executor")
                .hasMessageContaining("--archives model.tgz#model");
        ModelLocation.requireOnExecutor(ModelKey.of("metaclip:org/repo", null, Map.of(), null)); // a hub id: no check
    }
}
