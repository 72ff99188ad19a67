package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassFoldersTest {
    @TempDir
    Path root;

    @Test
    void mapsUnsafeNamesToOneHarmlessFolder() {
        assertThat(ClassFolders.folderName("../../evil")).isEqualTo("___.._evil");
        assertThat(ClassFolders.folderName("..")).isEqualTo("__");
        assertThat(ClassFolders.folderName(".hidden")).isEqualTo("_hidden");
        assertThat(ClassFolders.folderName("a\\b/c")).isEqualTo("a_b_c");
        assertThat(ClassFolders.folderName("tab\there\nnl")).isEqualTo("tab_here_nl");
        assertThat(ClassFolders.folderName("what?*:|<>\"")).isEqualTo("what_______");
        assertThat(ClassFolders.folderName("trail. ")).isEqualTo("trail_");
        assertThat(ClassFolders.folderName("nul")).isEqualTo("nul_");
        assertThat(ClassFolders.folderName("chrysler building")).isEqualTo("chrysler building");
        assertThat(ClassFolders.folderName("x".repeat(500))).hasSize(ClassFolders.MAX_LENGTH);
        assertThat(ClassFolders.folderName(" ")).isEqualTo("_");
    }

    @Test
    void everyMappedNameStaysDirectlyUnderTheParent() {
        for (String hostile : List.of("../../evil", "/etc/passwd", "..\\..\\x", "a/../../b", ".", "..", "~", "\u0000",
                "C:\\Windows", "\u202e..", "a\u2028b")) {
            Path p = root.resolve(ClassFolders.folderName(hostile)).normalize();
            assertThat(p.getParent()).as(hostile).isEqualTo(root);
        }
    }

    @Test
    void collidingClassesGetDistinctFolders() {
        assertThat(ClassFolders.forClasses(List.of("a/b", "a_b", "A_B", "cat")))
                .containsExactly(java.util.Map.entry("a/b", "a_b"), java.util.Map.entry("a_b", "a_b-2"),
                        java.util.Map.entry("A_B", "A_B-3"), java.util.Map.entry("cat", "cat"));
    }
}
