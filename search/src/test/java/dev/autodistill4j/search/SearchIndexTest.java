package dev.autodistill4j.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchIndexTest {
    @TempDir
    Path tmp;

    private final ColourModel model = new ColourModel();

    private IndexReport index(Path images, Path indexDir) {
        try (SearchIndexWriter idx = SearchIndexWriter.open(indexDir, IndexedModel.of(model.info(), 4),
                IndexSettings.DEFAULTS)) {
            return new ImageIndexer(model, ImageLoader.standard(), TestImages::list, 4, null).update(idx,
                    List.of(images));
        }
    }

    @Test
    void textQueryFindsImagesOfThatColourBestFirst() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.folder(images, 5);
        IndexReport report = index(images, tmp.resolve("idx"));
        assertThat(report.added()).isEqualTo(15);
        assertThat(report.total()).isEqualTo(15);
        try (SearchIndex idx = SearchIndex.open(tmp.resolve("idx"))) {
            float[] q = new QueryBuilder(model).text("a photo of something red").build();
            List<SearchHit> hits = idx.search(q, 5);
            assertThat(hits).hasSize(5).allSatisfy(h -> assertThat(Path.of(h.path()).getParent().getFileName())
                    .hasToString("red"));
            assertThat(hits).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
            assertThat(hits.get(0).score()).isBetween(0.9, 1.0001);
            List<SearchHit> exact = idx.searchExact(q, 5);
            assertThat(exact).extracting(SearchHit::path).containsExactlyElementsOf(
                    hits.stream().map(SearchHit::path).toList());
            assertThat(exact.get(0).score()).isCloseTo(hits.get(0).score(), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(idx.byId(hits.get(0).id())).get().extracting(IndexedImage::path).isEqualTo(hits.get(0).path());
        }
    }

    @Test
    void subtractedTextAndImageTermsCombine() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.folder(images, 3);
        index(images, tmp.resolve("idx"));
        try (SearchIndex idx = SearchIndex.open(tmp.resolve("idx"))) {
            // yellow = red + green; subtracting green leaves red
            float[] q = new QueryBuilder(model).text("yellow").text("-green").build();
            assertThat(idx.searchExact(q, 3)).allSatisfy(h -> assertThat(h.path()).contains("/red/"));
            // an image of a blue square as the query finds the blues
            var blue = ImageLoader.standard().load(TestImages.write(tmp.resolve("q.png"), new Color(0, 0, 250), 7, 0));
            assertThat(idx.search(new QueryBuilder(model).image(blue).build(), 3))
                    .allSatisfy(h -> assertThat(h.path()).contains("/blue/"));
        }
        assertThatThrownBy(() -> new QueryBuilder(model).text("-green").build())
                .isInstanceOf(SearchIndexException.class).hasMessageContaining("only subtracted");
    }

    @Test
    void reindexSkipsUnchangedReembedsTouchedRemovesDeletedAndReportsUnreadable() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.folder(images, 3);
        Path idxDir = tmp.resolve("idx");
        index(images, idxDir);

        Path touched = images.resolve("red/red_0.png");
        Files.setLastModifiedTime(touched, FileTime.fromMillis(Files.getLastModifiedTime(touched).toMillis() + 5000));
        Files.delete(images.resolve("green/green_1.png"));
        TestImages.write(images.resolve("blue/blue_new.png"), new Color(0, 0, 200), 9, 10);
        Files.writeString(images.resolve("blue/broken.png"), "not a png");

        IndexReport second = index(images, idxDir);
        assertThat(second.unchanged()).isEqualTo(7);
        assertThat(second.updated()).isEqualTo(1);
        assertThat(second.removed()).isEqualTo(1);
        assertThat(second.added()).isEqualTo(1);
        assertThat(second.failures()).singleElement().satisfies(f -> {
            assertThat(f.path()).endsWith("broken.png");
            assertThat(f.error()).contains("broken.png");
        });
        assertThat(second.total()).isEqualTo(9);

        IndexReport third = index(images, idxDir);
        assertThat(third.unchanged()).isEqualTo(9);
        assertThat(third.added() + third.updated() + third.removed()).isZero();
        try (SearchIndex idx = SearchIndex.open(idxDir)) {
            assertThat(idx.images(false)).extracting(IndexedImage::path)
                    .doesNotContain(images.resolve("green/green_1.png").toString())
                    .contains(images.resolve("blue/blue_new.png").toString());
            IndexedImage red0 = idx.byPath(touched.toString()).orElseThrow();
            assertThat(red0.mtime()).isEqualTo(Files.getLastModifiedTime(touched).toMillis());
            assertThat(red0.sha256()).isEqualTo(ImageIndexer.sha256(touched));
        }
    }

    @Test
    void anIndexOfAnotherModelRefusesToMix() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.folder(images, 1);
        index(images, tmp.resolve("idx"));
        ColourModel other = new ColourModel("colours-v2", 4);
        assertThatThrownBy(() -> SearchIndexWriter.open(tmp.resolve("idx"), IndexedModel.of(other.info(), 4),
                IndexSettings.DEFAULTS)).isInstanceOf(IndexModelMismatchException.class)
                .hasMessageContaining("test-colour:colours-v1").hasMessageContaining("test-colour:colours-v2")
                .hasMessageContaining("cannot be mixed");
        IndexedModel sameSha = new IndexedModel("metaclip:a", "abc", 512);
        assertThat(sameSha.sameModelAs(new IndexedModel("metaclip:/elsewhere/a", "ABC", 512))).isTrue();
        assertThat(sameSha.sameModelAs(new IndexedModel("metaclip:a", "abd", 512))).isFalse();
    }

    @Test
    void missingOrForeignIndexFoldersAreClearErrors() throws Exception {
        assertThatThrownBy(() -> SearchIndex.open(tmp.resolve("nope"))).isInstanceOf(SearchIndexException.class)
                .hasMessageContaining("no search index at").hasMessageContaining("autodistill4j index");
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> SearchIndex.open(tmp.resolve("empty"))).isInstanceOf(SearchIndexException.class)
                .hasMessageContaining("holds no index");
        Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(tmp.resolve("mine/notes.txt"), "precious");
        assertThatThrownBy(() -> SearchIndexWriter.open(tmp.resolve("mine"), IndexedModel.of(model.info(), 4),
                IndexSettings.DEFAULTS)).isInstanceOf(SearchIndexException.class)
                .hasMessageContaining("other files");
        assertThat(Files.readString(tmp.resolve("mine/notes.txt"))).isEqualTo("precious");
    }

    @Test
    void refusesMoreDimensionsThanLuceneHolds() {
        assertThatThrownBy(() -> SearchIndexWriter.open(tmp.resolve("idx"),
                new IndexedModel("big:model", null, 1280), IndexSettings.DEFAULTS))
                .isInstanceOf(SearchIndexException.class).hasMessageContaining("1280 dimensions")
                .hasMessageContaining("at most 1024");
        assertThat(Files.exists(tmp.resolve("idx"))).isFalse();
    }

    @Test
    void settingsAndModelAreRecordedInTheCommit() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.folder(images, 1);
        try (SearchIndexWriter idx = SearchIndexWriter.open(tmp.resolve("idx"), IndexedModel.of(model.info(), 4),
                new IndexSettings(VectorSimilarity.COSINE, 8, 50, 40))) {
            new ImageIndexer(model, ImageLoader.standard(), TestImages::list, 2, null).update(idx, List.of(images));
        }
        try (SearchIndex idx = SearchIndex.open(tmp.resolve("idx"))) {
            assertThat(idx.settings()).isEqualTo(new IndexSettings(VectorSimilarity.COSINE, 8, 50, 40));
            assertThat(idx.model()).isEqualTo(new IndexedModel("test-colour:colours-v1", null, 4));
            assertThat(idx.size()).isEqualTo(3);
        }
        assertThat(IndexFormat.userData(IndexedModel.of(model.info(), 4), IndexSettings.DEFAULTS))
                .containsAllEntriesOf(Map.of("index.similarity", "dot_product", "index.hnswM", "16"));
    }
}
