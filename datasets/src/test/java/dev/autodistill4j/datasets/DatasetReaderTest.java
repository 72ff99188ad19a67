package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetReaderTest {
    @TempDir
    Path root;

    private void touch(String rel) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1, 2, 3});
    }

    @Test
    void readsLabelLayoutIgnoringUnlabeledAndManifest() throws Exception {
        touch("train/cat/a.jpg");
        touch("train/cat/b.PNG");
        touch("train/dog/c.jpeg");
        touch("valid/dog/d.png");
        touch("test/cat/e.png");
        touch("unlabeled/f.png");
        touch("train/cat/.hidden.png");
        touch("train/cat/notes.txt");
        Files.writeString(root.resolve("manifest.jsonl"), "");
        ClassificationDataset ds = DatasetReader.read(root);
        assertThat(ds.classes()).containsExactly("cat", "dog");
        assertThat(ds.split(Split.TRAIN)).extracting(i -> i.image().getFileName().toString())
                .containsExactly("a.jpg", "b.PNG", "c.jpeg");
        assertThat(ds.split(Split.VALID)).singleElement().satisfies(i -> assertThat(i.label()).isEqualTo("dog"));
        assertThat(ds.split(Split.TEST)).hasSize(1);
        DatasetStats stats = DatasetStats.of(ds);
        assertThat(stats.total()).isEqualTo(5);
        assertThat(stats.perSplit().get("train")).containsEntry("cat", 2).containsEntry("dog", 1);
        assertThat(stats.splitTotals()).containsEntry("valid", 1).containsEntry("test", 1);
    }

    @Test
    void statsOfALabelOutputWithOnlyUnlabeledImagesAreZeros() throws Exception {
        touch("unlabeled/f.png");
        try (Manifest m = Manifest.openForAppend(root.resolve(Manifest.FILE_NAME))) {
            m.append(new ManifestRecord("/in/f.png", "ab", null, null, 0.2, java.util.Map.of("cat", 0.2),
                    "unlabeled/f.png", null));
        }
        DatasetStats s = DatasetStats.of(root);
        assertThat(s.total()).isZero();
        assertThat(s.unlabeled()).isEqualTo(1);
        assertThat(s.classes()).isEmpty();
    }

    @Test
    void readsYoloClsWithVal() throws Exception {
        touch("train/a/1.jpg");
        touch("val/b/2.jpg");
        ClassificationDataset ds = DatasetReader.read(root);
        assertThat(ds.split(Split.VALID)).singleElement().satisfies(i -> assertThat(i.label()).isEqualTo("b"));
        assertThat(ds.classes()).containsExactly("a", "b");
    }

    @Test
    void acceptsValSymlinkToValidAsUltralyticsUsersAddIt() throws Exception {
        touch("train/a/1.jpg");
        touch("valid/a/2.jpg");
        Files.createSymbolicLink(root.resolve("val"), root.resolve("valid"));
        ClassificationDataset ds = DatasetReader.read(root);
        assertThat(ds.split(Split.VALID)).hasSize(1);
    }

    @Test
    void readsImageFolderIntoTrainIncludingSubfolders() throws Exception {
        touch("zebra/x/1.jpg");
        touch("ant/2.bmp");
        ClassificationDataset ds = DatasetReader.read(root);
        assertThat(ds.classes()).containsExactly("ant", "zebra");
        assertThat(ds.split(Split.TRAIN)).hasSize(2);
        assertThat(ds.split(Split.VALID)).isEmpty();
    }

    @Test
    void refusesAmbiguousEmptyAndMissing() throws Exception {
        assertThatThrownBy(() -> DatasetReader.read(root)).isInstanceOf(DatasetReadException.class)
                .hasMessageContaining("no images found");
        assertThatThrownBy(() -> DatasetReader.read(root.resolve("nope"))).isInstanceOf(DatasetReadException.class)
                .hasMessageContaining("is not a folder");
        touch("train/a/1.jpg");
        touch("val/a/2.jpg");
        touch("valid/a/3.jpg");
        assertThatThrownBy(() -> DatasetReader.read(root)).isInstanceOf(DatasetReadException.class)
                .hasMessageContaining("val/").hasMessageContaining("valid/");
    }
}
