package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelOutputFolderTest {
    @TempDir
    Path tmp;

    private static void write(Path p, String s) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, s);
    }

    @Test
    void onlyARunJsonWrittenByLabelMakesAFolderOurs() throws Exception {
        Path f = tmp.resolve("f");
        write(f.resolve(Manifest.FILE_NAME), "{}\n");
        assertThat(LabelOutputFolder.isOurs(f)).as("a stray manifest.jsonl").isFalse();
        write(f.resolve("run.json"), "not json");
        assertThat(LabelOutputFolder.isOurs(f)).as("an unparsable run.json").isFalse();
        write(f.resolve("run.json"), "{\"tool\":\"something else\"}");
        assertThat(LabelOutputFolder.isOurs(f)).as("another tool's run.json").isFalse();
        write(f.resolve("run.json"), "[\"autodistill4j label\"]");
        assertThat(LabelOutputFolder.isOurs(f)).as("not an object").isFalse();
        write(f.resolve("run.json"), "{\"tool\":\"autodistill4j label\",\"classFolders\":{\"a/b\":\"a_b\"}}");
        assertThat(LabelOutputFolder.isOurs(f)).isTrue();
        assertThat(LabelOutputFolder.classFolders(f)).isEqualTo(Map.of("a/b", "a_b"));
        write(f.resolve("run.json"), "{\"tool\":\"autodistill4j spark label\"}");
        assertThat(LabelOutputFolder.isOurs(f)).as("the same dataset written by spark label").isTrue();
    }

    @Test
    void deletingNeverTouchesAForeignFolder() throws Exception {
        Path f = tmp.resolve("photos");
        write(f.resolve(Manifest.FILE_NAME), "{}\n");
        write(f.resolve("run.json"), "{}");
        write(f.resolve("train/holiday.jpg"), "x");
        assertThatThrownBy(() -> LabelOutputFolder.deleteOwnedEntries(f, java.util.List.of()))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining(f.toString());
        assertThat(f.resolve("train/holiday.jpg")).exists();
        assertThat(f.resolve(Manifest.FILE_NAME)).exists();
    }

    @Test
    void deletesOnlyTheFilesLabelListedAndItsTemporaries() throws Exception {
        Path f = tmp.resolve("out");
        Path elsewhere = tmp.resolve("elsewhere");
        write(elsewhere.resolve("precious.jpg"), "keep");
        write(f.resolve("run.json"), "{\"tool\":\"autodistill4j label\"}");
        write(f.resolve(Manifest.FILE_NAME), "{\"source\":\"/a\",\"file\":\"train/cat/a.jpg\"}\n"
                + "{\"source\":\"/b\",\"file\":\"unlabeled/b.jpg\"}\n");
        write(f.resolve("train/cat/a.jpg"), "a");
        write(f.resolve("unlabeled/b.jpg"), "b");
        write(f.resolve(DatasetWriter.TMP_PREFIX + "x"), "t");
        write(f.resolve("train/cat/" + DatasetWriter.TMP_PREFIX + "y.tmp"), "t");
        write(f.resolve(".run.json.123.tmp"), "t");
        write(f.resolve("notes.txt"), "mine");
        write(f.resolve("my-photos/c.jpg"), "c");
        write(f.resolve(OutputLock.FILE_NAME), "");

        LabelOutputFolder.deleteOwnedEntries(f, java.util.List.of());

        try (Stream<Path> s = Files.list(f)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("notes.txt", "my-photos", OutputLock.FILE_NAME);
        }
        assertThat(f.resolve("my-photos/c.jpg")).hasContent("c");
        assertThat(elsewhere.resolve("precious.jpg")).hasContent("keep");
    }

    @Test
    void theReaderGivesALabelOutputsRealClassNames() throws Exception {
        Path f = tmp.resolve("ds");
        Map<String, String> folders = ClassFolders.forClasses(java.util.List.of("a/b", "a_b", "../../evil"));
        write(f.resolve("run.json"), "{\"tool\":\"autodistill4j label\",\"classFolders\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(folders) + "}");
        write(f.resolve(Manifest.FILE_NAME), "");
        for (String folder : folders.values()) {
            write(f.resolve("train").resolve(folder).resolve("x.png"), "x");
        }
        write(f.resolve("train/added-by-hand/y.png"), "y");
        ClassificationDataset ds = DatasetReader.read(f);
        assertThat(ds.classes()).containsExactly("../../evil", "a/b", "a_b", "added-by-hand");
        assertThat(ds.split(Split.TRAIN)).extracting(DatasetItem::label)
                .containsExactlyInAnyOrder("../../evil", "a/b", "a_b", "added-by-hand");
    }

    /** Issue #19 item 4: owned means listed in the manifest, not "lies under train/". */
    @Test
    void aFileTheUserAddedToAClassFolderIsKeptWithItsFolder() throws Exception {
        Path f = tmp.resolve("ds");
        write(f.resolve("run.json"), "{\"tool\":\"autodistill4j label\"}");
        write(f.resolve(Manifest.FILE_NAME), "{\"source\":\"/a\",\"file\":\"train/cat/a.jpg\"}\nnot json\n"
                + "{\"source\":\"/r\",\"file\":\"train/dog/r.jpg\"}\n");
        write(f.resolve("train/cat/a.jpg"), "a");
        write(f.resolve("train/cat/mine.jpg"), "mine");
        write(f.resolve("valid/dog/moved.jpg"), "reviewed");
        LabelOutputFolder.deleteOwnedEntries(f, java.util.List.of("valid/dog/moved.jpg", "../outside.jpg"));
        assertThat(f.resolve("train/cat/mine.jpg")).hasContent("mine");
        assertThat(f.resolve("train/cat/a.jpg")).doesNotExist();
        assertThat(f.resolve("valid")).doesNotExist();
        assertThat(f.resolve(Manifest.FILE_NAME)).doesNotExist();
        assertThat(f.resolve("run.json")).doesNotExist();
    }

    /** A listed file reached through a linked folder: refused before anything is deleted, naming the link. */
    @Test
    void aLinkedSplitFolderIsRefusedAndNothingIsDeleted() throws Exception {
        Path f = tmp.resolve("linked");
        Path elsewhere = tmp.resolve("elsewhere");
        write(elsewhere.resolve("cat/a.jpg"), "keep");
        write(f.resolve("run.json"), "{\"tool\":\"autodistill4j label\"}");
        write(f.resolve(Manifest.FILE_NAME), "{\"source\":\"/a\",\"file\":\"valid/cat/a.jpg\"}\n");
        Files.createSymbolicLink(f.resolve("valid"), elsewhere);
        assertThatThrownBy(() -> LabelOutputFolder.deleteOwnedEntries(f, java.util.List.of()))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining(f.resolve("valid").toString());
        assertThat(elsewhere.resolve("cat/a.jpg")).hasContent("keep");
        assertThat(f.resolve(Manifest.FILE_NAME)).exists();
        assertThat(f.resolve("run.json")).exists();
    }
}
