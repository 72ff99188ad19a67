package dev.autodistill4j.runtime.ontology;

import dev.autodistill4j.api.ontology.OntologyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code classes:} ontology's relative image paths stay inside the ontology file's folder (issue #19, "paths
 * that leave the ontology's folder"): {@code ../}, or a link inside the folder pointing out of it, is refused
 * naming the file, the class and the path — a downloaded ontology cannot make {@code label} read and record
 * (path, sha256 in run.json) files elsewhere. An absolute path is the user's explicit choice and stays allowed.
 */
class ReferencePathsTest {
    @TempDir
    Path tmp;

    Path yaml(String images) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("onto"));
        return Files.writeString(dir.resolve("o.yaml"), "classes:\n  cat:\n    images: [" + images + "]\n");
    }

    static void png(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    @Test
    void relativePathsMayNotLeaveTheOntologysFolder() throws Exception {
        png(tmp.resolve("outside/secret.png"));
        png(tmp.resolve("onto/refs/cat.png"));
        Files.createSymbolicLink(tmp.resolve("onto/link.png"), tmp.resolve("outside/secret.png"));
        Files.createSymbolicLink(tmp.resolve("onto/linked"), tmp.resolve("outside"));
        for (String bad : new String[]{"../outside/secret.png", "refs/../../outside/", "link.png", "linked/",
                "linked/secret.png"}) {
            Path file = yaml("\"" + bad + "\"");
            assertThatThrownBy(() -> OntologyLoader.loadAny(file)).as(bad).isInstanceOf(OntologyException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("cat").hasMessageContaining(bad)
                    .hasMessageContaining("leaves");
        }
        assertThat(OntologyLoader.loadAny(yaml("refs/cat.png, refs/")).classes()).containsExactly("cat");
        Files.createSymbolicLink(tmp.resolve("onto/refs/planted.png"), tmp.resolve("outside/secret.png"));
        Path bundle = yaml("refs/");
        assertThatThrownBy(() -> OntologyLoader.loadAny(bundle)).as("a link planted in a referenced folder")
                .isInstanceOf(OntologyException.class).hasMessageContaining("planted.png").hasMessageContaining("leaves");
        assertThat(OntologyLoader.loadAny(yaml("\"" + tmp.resolve("outside/secret.png") + "\"")).classes())
                .as("an absolute path is explicit").containsExactly("cat");
    }
}
