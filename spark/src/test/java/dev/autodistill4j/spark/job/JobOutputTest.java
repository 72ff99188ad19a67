package dev.autodistill4j.spark.job;

import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.LabelOutputFolder;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spark jobs' outputs follow label's ownership rules: nothing the user owns is ever deleted. */
class JobOutputTest {
    private final HadoopFiles files = new HadoopFiles(new Configuration());

    @Test
    void aFolderThatMerelyHoldsFilesNamedLikeOursIsRefusedEvenWithOverwrite(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("photos");
        Files.createDirectories(out);
        Files.writeString(out.resolve("run.json"), "{\"tool\":\"something else\"}");
        Files.writeString(out.resolve("manifest.jsonl"), "{}\n");
        Files.writeString(out.resolve("holiday.jpg"), "mine");
        assertThatThrownBy(() -> JobOutput.prepareDataset(files, out.toString(), true))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining("not an autodistill4j label output");
        assertThat(out.resolve("holiday.jpg")).hasContent("mine");
        assertThat(out.resolve("run.json")).exists();
    }

    @Test
    void overwriteDeletesOnlyTheFilesLabelListed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("dataset");
        Files.createDirectories(out.resolve("train/cat"));
        Files.createDirectories(out.resolve("train/dog"));
        Files.writeString(out.resolve("train/cat/a.jpg"), "x");
        Files.writeString(out.resolve("train/dog/mine.jpg"), "added by hand"); // issue 19 item 4
        Files.writeString(out.resolve("run.json"), "{\"tool\":\"" + LabelOutputFolder.TOOL + "\"}");
        Files.writeString(out.resolve("manifest.jsonl"), "{\"source\":\"/a\",\"file\":\"train/cat/a.jpg\"}\n");
        Files.writeString(out.resolve("notes.txt"), "my notes");
        Files.createDirectories(out.resolve("my-folder"));
        JobOutput.prepareDataset(files, out.toString(), true);
        assertThat(out.resolve("train/cat")).doesNotExist();
        assertThat(out.resolve("train/dog/mine.jpg")).hasContent("added by hand");
        assertThat(out.resolve("run.json")).doesNotExist();
        assertThat(out.resolve("manifest.jsonl")).doesNotExist();
        assertThat(out.resolve("notes.txt")).hasContent("my notes");
        assertThat(out.resolve("my-folder")).isDirectory();
    }

    @Test
    void anEmbedTableIsReplacedOnlyWhenEveryEntryIsPartOfAParquetTable(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("table");
        Files.createDirectories(table);
        Files.writeString(table.resolve("part-00000-abc.snappy.parquet"), "p");
        Files.writeString(table.resolve("_SUCCESS"), "");
        JobOutput.checkTable(files, table.toString(), true);
        Files.writeString(table.resolve("thesis.docx"), "mine");
        assertThatThrownBy(() -> JobOutput.checkTable(files, table.toString(), true))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining("thesis.docx");
        assertThatThrownBy(() -> JobOutput.checkTable(files, table.toString(), false))
                .hasMessageContaining("`overwrite`");
        assertThat(table.resolve("thesis.docx")).hasContent("mine");
    }

    /** Issue #19 item 1 for Spark outputs: a linked lock is not a lock, and no file is created through a link. */
    @Test
    void aLinkedLockMakesTheOutputNonEmptyAndNothingIsWrittenThroughALink(@TempDir Path dir) throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path out = Files.createDirectories(dir.resolve("dataset"));
        Files.createSymbolicLink(out.resolve(dev.autodistill4j.datasets.OutputLock.FILE_NAME), victim);
        assertThatThrownBy(() -> JobOutput.checkDataset(files, out.toString(), false))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining(out.toString());
        Path link = Files.createSymbolicLink(out.resolve(".run.json.tmp"), victim);
        org.apache.hadoop.fs.Path p = files.qualify(link.toString());
        assertThatThrownBy(() -> files.createReplacing(files.datasetFs(p), p).close())
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining("symbolic link");
        assertThat(victim).hasContent("precious");
    }
}
