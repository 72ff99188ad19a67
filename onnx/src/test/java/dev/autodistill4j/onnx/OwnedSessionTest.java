package dev.autodistill4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodistill4j.onnx.runtime.OrtSessions;
import dev.autodistill4j.onnx.runtime.OrtSettings;
import dev.autodistill4j.onnx.runtime.OwnedSession;
import org.junit.jupiter.api.Test;

import java.nio.LongBuffer;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 21 item 7: ORT {@code SessionOptions} live as long as their session. They used to be closed by a
 * try-with-resources right after {@code createSession}, while the session went on running.
 */
class OwnedSessionTest {
    @Test
    void optionsStayOpenWhileTheSessionRunsAndCloseAfterIt() throws Exception {
        ClipOnnxDirectory dir = ClipOnnxDirectory.open(OnnxProviderTest.export());
        OwnedSession s = OrtSessions.open(dir.textModel(), new OrtSettings(1, false));
        // ORT's SessionOptions refuse every use once closed ("Trying to use a closed SessionOptions")
        assertThatCode(() -> s.options().setIntraOpNumThreads(1)).as("options open while the session lives")
                .doesNotThrowAnyException();
        assertThat(s.options().getConfigEntries()).containsEntry("session.intra_op.allow_spinning", "0");
        try (OnnxTensor ids = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                LongBuffer.wrap(new long[] {dir.eosTokenId()}), new long[] {1, 1});
             OrtSession.Result r = s.run(Map.of("input_ids", ids))) {
            assertThat(((float[][]) r.get(0).getValue())[0]).hasSize(dir.embeddingDimension());
        }
        s.close();
        assertThatThrownBy(() -> s.options().setIntraOpNumThreads(1)).as("options closed with the session")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.run(Map.of())).as("the session is closed too")
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(s::close).as("close() is idempotent").doesNotThrowAnyException();
    }
}
