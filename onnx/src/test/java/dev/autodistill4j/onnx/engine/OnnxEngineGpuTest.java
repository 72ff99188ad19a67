package dev.autodistill4j.onnx.engine;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.model.Engine;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.metaclip.MetaclipProvider;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Default-deny for a CPU-only engine: {@code metaclip:REF} with {@code engine} onnx on a GPU is refused before
 * anything is exported, naming both remedies (the CPU, or the PyTorch engine for the GPU).
 */
class OnnxEngineGpuTest {
    @Test
    void aGpuOnTheOnnxEngineIsRefusedNamingTheRemedies() {
        String tiny = Fixtures.resolve("clip/tiny-clip").toString();
        for (Engine engine : new Engine[] {Engine.ONNX, Engine.ONNX_INT8}) {
            ModelRequest request = new ModelRequest(tiny, null, Device.gpu(0), Map.of(Engine.OPTION, engine.id()));
            assertThatThrownBy(() -> new MetaclipProvider().load(request).close())
                    .isInstanceOf(ModelLoadException.class).hasMessageContaining("`engine` " + engine.id())
                    .hasMessageContaining("`device` cpu").hasMessageContaining("`engine` pytorch with `device` gpu:0");
        }
    }
}
