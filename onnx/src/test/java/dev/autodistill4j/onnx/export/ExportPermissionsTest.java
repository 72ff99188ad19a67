package dev.autodistill4j.onnx.export;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #26 item 6: an export folder gets the permissions of any new folder there (it was 700). */
class ExportPermissionsTest {
    @TempDir
    Path tmp;

    @Test
    void anExportFolderFollowsTheUmask() throws Exception {
        ExportDirectory export = ExportDirectory.create(tmp.resolve("clip-onnx"));
        Files.writeString(export.staging().resolve("clip-onnx.json"), "{}");
        Path done = export.commit();
        assertThat(Files.getPosixFilePermissions(done))
                .isEqualTo(Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("probe"))));
    }
}
