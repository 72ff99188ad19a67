package dev.autodistill4j.search.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #26 item 6: clusters.json and the contact sheet get the permissions of any new file there (were 600). */
class ClusterOutputPermissionsTest {
    @TempDir
    Path tmp;

    @Test
    void theContactSheetFollowsTheUmask() throws Exception {
        Path sheet = tmp.resolve("clusters.html");
        ClusterOutput.writeAtomically(sheet, "<html></html>".getBytes());
        assertThat(Files.getPosixFilePermissions(sheet))
                .isEqualTo(Files.getPosixFilePermissions(Files.createFile(tmp.resolve("probe"))));
    }
}
