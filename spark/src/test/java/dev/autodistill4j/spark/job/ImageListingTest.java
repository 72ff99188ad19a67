package dev.autodistill4j.spark.job;

import dev.autodistill4j.datasets.DatasetWriter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The listing rules that decide which files are images (the CLI's) and which names can collide. */
class ImageListingTest {
    @Test
    void acceptsWhatTheCliWalkAcceptsBelowTheRoot() {
        String root = "/data/in";
        assertThat(ImageListing.accepted("file:/data/in/a/b.JPG", root, null)).isTrue();
        assertThat(ImageListing.accepted("file:/data/in/b.webp", root, null)).isTrue();
        assertThat(ImageListing.accepted("file:/data/in/notes.txt", root, null)).isFalse();
        assertThat(ImageListing.accepted("file:/data/in/.hidden.png", root, null)).isFalse();
        assertThat(ImageListing.accepted("file:/data/in/.git/x.png", root, null)).isFalse();
        assertThat(ImageListing.accepted("file:/data/in/out/x.png", root, "/data/in/out")).isFalse();
        assertThat(ImageListing.accepted("file:/data/in/outside.png", root, "/data/in/out")).isTrue();
        assertThat(ImageListing.accepted("hdfs://nn:8020/data/in/a%20b.png", root, null)).isTrue();
        assertThat(ImageListing.relativeKey("file:/data/in/a/b.png", root)).isEqualTo("a/b.png");
    }

    @Test
    void namesTheWriterCanMakeFromEachOtherShareAFamily() {
        String a = LabelRows.family("a.jpg");
        assertThat(LabelRows.family(DatasetWriter.candidateName("a.jpg", 2))).isEqualTo(a);
        assertThat(LabelRows.family(DatasetWriter.candidateName("a-2.jpg", 3))).isEqualTo(a);
        assertThat(LabelRows.family("a.png")).isNotEqualTo(a);
        assertThat(LabelRows.family("b.jpg")).isNotEqualTo(a);
        assertThat(LabelRows.family("noext")).isEqualTo(LabelRows.family(DatasetWriter.candidateName("noext", 2)));
    }
}
