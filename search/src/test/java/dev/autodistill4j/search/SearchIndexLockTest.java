package dev.autodistill4j.search;

import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.datasets.OutputLockedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #8 item 3: two index writers on one index — the second fails at once and names the first. */
class SearchIndexLockTest {
    @TempDir
    Path tmp;

    private final ColourModel model = new ColourModel();

    @Test
    void aSecondWriterIsRefusedNamingTheFirstAndTheLockFileIsNotAForeignFile() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.folder(images, 2);
        Path dir = tmp.resolve("idx");
        IndexedModel identity = IndexedModel.of(model.info(), 4);
        try (SearchIndexWriter first = SearchIndexWriter.open(dir, identity, IndexSettings.DEFAULTS)) {
            assertThatThrownBy(() -> SearchIndexWriter.open(dir, identity, IndexSettings.DEFAULTS))
                    .isInstanceOf(OutputLockedException.class).hasMessageContaining(dir.toString())
                    .hasMessageContaining("autodistill4j index pid " + ProcessHandle.current().pid());
            new ImageIndexer(model, ImageLoader.standard(), TestImages::list, 4, null).update(first, List.of(images));
        }
        assertThat(dir.resolve(OutputLock.FILE_NAME)).exists();
        try (SearchIndexWriter again = SearchIndexWriter.open(dir, identity, IndexSettings.DEFAULTS)) {
            assertThat(again.size()).isEqualTo(6);
        }
        Path fresh = tmp.resolve("fresh");
        // a folder holding only the lock file of an earlier attempt is still a new index folder
        java.nio.file.Files.createDirectories(fresh);
        OutputLock.acquire(fresh, "earlier attempt").close();
        try (SearchIndexWriter idx = SearchIndexWriter.open(fresh, identity, IndexSettings.DEFAULTS)) {
            assertThat(idx.size()).isZero();
        }
    }
}
