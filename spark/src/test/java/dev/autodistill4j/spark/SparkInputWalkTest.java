package dev.autodistill4j.spark;

import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.spark.job.HadoopFiles;
import dev.autodistill4j.spark.job.ImageListing;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Spark jobs read exactly the files the local {@code label} reads: the input is a path, never a glob; a
 * {@code loop -> ..} link, a linked folder, zero-byte and hidden files get the local walk's treatment.
 */
class SparkInputWalkTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSessions.local2();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theListingIsTheLocalWalkForAwkwardFolders() throws Exception {
        Path in = tmp.resolve("in[1]");
        Path sibling = tmp.resolve("in1");
        Files.createDirectories(in.resolve("sub"));
        Files.createDirectories(sibling);
        Files.write(in.resolve("a.png"), new byte[] {1, 2, 3});
        Files.write(in.resolve("sub/b.JPG"), new byte[] {4});
        Files.write(in.resolve("empty.png"), new byte[0]);                 // zero bytes: listed, fails to decode
        Files.write(in.resolve("_under.png"), new byte[] {5});             // Hadoop would hide it; label does not
        Files.write(in.resolve(".hidden.png"), new byte[] {6});
        Files.write(in.resolve("name with space #1.png"), new byte[] {7});
        Files.write(sibling.resolve("other.png"), new byte[] {8});         // what a glob in[1] would match
        Files.createSymbolicLink(in.resolve("loop"), Path.of(".."));
        Files.createSymbolicLink(in.resolve("linked"), sibling);
        Files.createSymbolicLink(in.resolve("link.png"), in.resolve("a.png"));

        List<Row> rows = ImageListing.list(spark, new HadoopFiles(spark.sparkContext().hadoopConfiguration()),
                in.toString(), null).collectAsList();
        List<Path> spark = rows.stream().map(r -> HadoopFiles.nioPath(new org.apache.hadoop.fs.Path(r.getString(0))))
                .toList();
        assertThat(spark).isEqualTo(ImageFiles.walk(in, null))
                .contains(in.resolve("empty.png"), in.resolve("_under.png"), in.resolve("name with space #1.png"))
                .hasSize(6);
        assertThat(rows).filteredOn(r -> r.getString(0).endsWith("empty.png")).singleElement()
                .satisfies(r -> assertThat(r.getLong(1)).isZero());
    }

    @Test
    void aMissingFolderIsNotReadAsAPattern() throws Exception {
        Files.createDirectories(tmp.resolve("x1"));
        Files.write(tmp.resolve("x1/a.png"), new byte[] {1});
        HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        assertThatThrownBy(() -> ImageListing.list(spark, files, tmp.resolve("x[1]").toString(), null))
                .hasMessageContaining("x[1] does not exist");
        assertThatThrownBy(() -> ImageListing.list(spark, files, tmp.resolve("x?").toString(), null))
                .hasMessageContaining("does not exist");
    }
}
