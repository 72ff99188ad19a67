package dev.autodistill4j.search.cluster;

import dev.autodistill4j.datasets.DatasetWriteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #8 item 1, same class: {@code cluster --out} replaces its own files and never a user's. */
class ClusterOutputOwnershipTest {
    @TempDir
    Path tmp;

    private final ClusterOutput output = new ClusterOutput(f -> new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB),
            2, 16);
    private final Clustering clustering = new Clustering(List.of(new Cluster(0, "red", List.of("/x/a.png"))), 1,
            0.5, Double.NaN, 1);

    @Test
    void aUsersFileNamedLikeOursIsNeverReplacedButOurOwnIs() throws Exception {
        Path dir = tmp.resolve("docs");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ClusterOutput.HTML), "<html>my own page</html>");
        assertThatThrownBy(() -> output.write(clustering, Map.of("index", "/i"), dir))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining(dir.resolve(ClusterOutput.HTML)
                        .toString()).hasMessageContaining("`out`");
        assertThat(dir.resolve(ClusterOutput.HTML)).hasContent("<html>my own page</html>");
        assertThat(dir.resolve(ClusterOutput.JSON)).doesNotExist();

        Path ours = tmp.resolve("clusters");
        output.write(clustering, Map.of("index", "/i"), ours);
        output.write(clustering, Map.of("index", "/j"), ours);
        assertThat(Files.readString(ours.resolve(ClusterOutput.JSON))).contains("/j");
        try (var s = Files.list(ours)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(ClusterOutput.JSON,
                    ClusterOutput.HTML);
        }
    }
}
