package dev.autodistill4j.trainers.eval;

import dev.autodistill4j.trainers.model.TargetModelWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #26 item 6: a trained model directory and a report are created with the permissions the user's umask
 * gives any new folder or file there (they were 700 and 600: temporary-file permissions renamed into place).
 */
class OutputPermissionsTest {
    @TempDir
    Path tmp;

    private Set<PosixFilePermission> usual(boolean folder) throws Exception {
        Path probe = folder ? Files.createDirectory(tmp.resolve("probe-dir")) : Files.createFile(tmp.resolve("probe"));
        return Files.getPosixFilePermissions(probe);
    }

    @Test
    void modelDirectoriesAndReportsFollowTheUmask() throws Exception {
        Path model = tmp.resolve("model");
        try (TargetModelWriter w = TargetModelWriter.create(model)) {
            Files.writeString(w.file("w.bin"), "x");
            w.commit(TargetModelWriter.json().createObjectNode());
        }
        assertThat(Files.getPosixFilePermissions(model)).isEqualTo(usual(true));
        Path report = tmp.resolve("report.html");
        HtmlReport.writeOwned(report, "<html>mark</html>", "report", "mark");
        assertThat(Files.getPosixFilePermissions(report)).isEqualTo(usual(false));
    }
}
