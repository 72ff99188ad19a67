package dev.autodistill4j.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuplicateFinderTest {
    @TempDir
    Path tmp;

    @Test
    void groupsNearIdenticalImagesTransitivelyAndLeavesOthersAlone() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.write(images.resolve("a1.png"), new Color(200, 20, 20), 1, 2);
        Files.copy(images.resolve("a1.png"), images.resolve("a2.png"));
        TestImages.write(images.resolve("a3.png"), new Color(205, 22, 20), 2, 2);
        TestImages.write(images.resolve("b1.png"), new Color(20, 20, 200), 3, 2);
        TestImages.write(images.resolve("b2.png"), new Color(20, 22, 198), 4, 2);
        TestImages.write(images.resolve("g.png"), new Color(20, 200, 20), 5, 2);
        TestImages.write(images.resolve("y.png"), new Color(200, 200, 20), 6, 2);
        ColourModel model = new ColourModel();
        try (SearchIndex idx = SearchIndex.openForWriting(tmp.resolve("idx"), IndexedModel.of(model.info(), 4),
                IndexSettings.DEFAULTS)) {
            new ImageIndexer(model, ImageLoader.standard(), TestImages::list, 8, null).update(idx, List.of(images));
        }
        try (SearchIndex idx = SearchIndex.open(tmp.resolve("idx"))) {
            for (boolean exact : new boolean[] {false, true}) {
                List<DuplicateGroup> groups = new DuplicateFinder(0.999, 5, exact).find(idx);
                assertThat(groups).hasSize(2);
                assertThat(groups.get(0).paths()).extracting(p -> Path.of(p).getFileName().toString())
                        .containsExactly("a1.png", "a2.png", "a3.png");
                assertThat(groups.get(1).paths()).extracting(p -> Path.of(p).getFileName().toString())
                        .containsExactly("b1.png", "b2.png");
                assertThat(groups.get(0).maxSimilarity()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
                assertThat(groups.get(0).minSimilarity()).isGreaterThanOrEqualTo(0.999);
            }
            assertThat(new DuplicateFinder(0.99999, 5, true).find(idx)).singleElement()
                    .satisfies(g -> assertThat(g.paths()).hasSize(2));
        }
        assertThatThrownBy(() -> new DuplicateFinder(1.5, 5, false)).isInstanceOf(SearchIndexException.class);
    }
}
