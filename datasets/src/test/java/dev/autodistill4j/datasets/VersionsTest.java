package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionsTest {
    @Test
    void theBuildWritesItsRealVersionsWhetherRunFromClassesOrAJar() {
        assertThat(Versions.autodistill4j()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(Versions.djlBuild()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(Versions.runtime()).containsKeys("autodistill4j", "java", "os")
                .containsEntry("autodistill4j", Versions.autodistill4j());
    }
}
