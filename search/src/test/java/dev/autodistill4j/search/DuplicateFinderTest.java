package dev.autodistill4j.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuplicateFinderTest {
    @TempDir
    Path tmp;

    private SearchIndex index(Path images) {
        ColourModel model = new ColourModel();
        try (SearchIndexWriter idx = SearchIndexWriter.open(tmp.resolve("idx"), IndexedModel.of(model.info(), 4),
                IndexSettings.DEFAULTS)) {
            new ImageIndexer(model, ImageLoader.standard(), TestImages::list, 8, null).update(idx, List.of(images));
        }
        return SearchIndex.open(tmp.resolve("idx"));
    }

    private static List<List<String>> names(List<DuplicateGroup> groups) {
        return groups.stream().map(g -> g.paths().stream().map(p -> Path.of(p).getFileName().toString()).toList())
                .toList();
    }

    @Test
    void groupsNearIdenticalImagesAndLeavesOthersAlone() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.write(images.resolve("a1.png"), new Color(200, 20, 20), 1, 2);
        Files.copy(images.resolve("a1.png"), images.resolve("a2.png"));
        TestImages.write(images.resolve("a3.png"), new Color(205, 22, 20), 2, 2);
        TestImages.write(images.resolve("b1.png"), new Color(20, 20, 200), 3, 2);
        TestImages.write(images.resolve("b2.png"), new Color(20, 22, 198), 4, 2);
        TestImages.write(images.resolve("g.png"), new Color(20, 200, 20), 5, 2);
        TestImages.write(images.resolve("y.png"), new Color(200, 200, 20), 6, 2);
        try (SearchIndex idx = index(images)) {
            for (boolean exact : new boolean[] {false, true}) {
                List<DuplicateGroup> groups = new DuplicateFinder(0.999, 5, exact).find(idx);
                assertThat(names(groups)).containsExactly(List.of("a1.png", "a2.png", "a3.png"),
                        List.of("b1.png", "b2.png"));
                assertThat(groups.get(0).maxSimilarity()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
                assertThat(groups.get(0).minSimilarity()).isGreaterThanOrEqualTo(0.999);
            }
            assertThat(new DuplicateFinder(0.99999, 5, true).find(idx)).singleElement()
                    .satisfies(g -> assertThat(g.paths()).hasSize(2));
        }
        assertThatThrownBy(() -> new DuplicateFinder(1.5, 5, false)).isInstanceOf(SearchIndexException.class);
        assertThatThrownBy(() -> new DuplicateFinder(Double.NaN, 5, false)).isInstanceOf(SearchIndexException.class);
    }

    /** Single linkage joined a≈b≈c≈… into one group although the ends of the chain are far apart. */
    @Test
    void aChainOfSimilarPairsIsNotOneGroupEveryPairInAGroupIsAboveTheThreshold() throws Exception {
        Path images = tmp.resolve("images");
        int n = 8;
        for (int k = 0; k < n; k++) {
            TestImages.write(images.resolve("c" + k + ".png"), new Color(200, 20 + 14 * k, 20), k, 0);
        }
        try (SearchIndex idx = index(images)) {
            Map<String, float[]> vectors = new HashMap<>();
            idx.images(true).forEach(i -> vectors.put(Path.of(i.path()).getFileName().toString(), i.vector()));
            double threshold = 1;
            for (int k = 0; k + 1 < n; k++) {
                threshold = Math.min(threshold, DuplicateFinder.cosine(vectors.get("c" + k + ".png"),
                        vectors.get("c" + (k + 1) + ".png")));
            }
            assertThat(DuplicateFinder.cosine(vectors.get("c0.png"), vectors.get("c" + (n - 1) + ".png")))
                    .as("the ends of the chain are not duplicates").isLessThan(threshold);
            List<List<String>> first = null;
            for (boolean exact : new boolean[] {false, true}) {
                List<DuplicateGroup> groups = new DuplicateFinder(threshold, n, exact, null).find(idx);
                assertThat(groups).as("a chain of neighbours is split, not one group").hasSizeGreaterThan(1);
                for (DuplicateGroup g : groups) {
                    for (String a : g.paths()) {
                        for (String b : g.paths()) {
                            String na = Path.of(a).getFileName().toString();
                            String nb = Path.of(b).getFileName().toString();
                            assertThat(DuplicateFinder.cosine(vectors.get(na), vectors.get(nb))).as(na + " ~ " + nb)
                                    .isGreaterThanOrEqualTo(threshold);
                        }
                    }
                    assertThat(g.minSimilarity()).isGreaterThanOrEqualTo(threshold);
                }
                if (first != null) {
                    assertThat(names(groups)).as("HNSW and exact give the same groups").isEqualTo(first);
                }
                first = names(groups);
                assertThat(names(new DuplicateFinder(threshold, n, exact, null).find(idx))).as("deterministic")
                        .isEqualTo(first);
            }
        }
    }

    /** Same mean colour (so the same embedding for this model), visibly different layout: not duplicates. */
    @Test
    void samePicturedContentWithADifferentLayoutIsNotADuplicateButRescaledAndReencodedCopiesAre() throws Exception {
        Path images = tmp.resolve("images");
        BufferedImage leftRight = halves(64, 64, true);
        write(images.resolve("left-right.png"), leftRight, "png");
        write(images.resolve("left-right-copy.jpg"), leftRight, "jpg");
        write(images.resolve("left-right-small.png"), halves(32, 32, true), "png");
        write(images.resolve("top-bottom.png"), halves(64, 64, false), "png");
        try (SearchIndex idx = index(images)) {
            assertThat(names(new DuplicateFinder(0.99, 5, true, null).find(idx))).as("embeddings alone")
                    .containsExactly(List.of("left-right-copy.jpg", "left-right-small.png", "left-right.png",
                            "top-bottom.png"));
            assertThat(names(new DuplicateFinder(0.99, 5, true).find(idx))).as("with the pixel check")
                    .containsExactly(List.of("left-right-copy.jpg", "left-right-small.png", "left-right.png"));
            Files.delete(images.resolve("left-right-small.png"));
            assertThat(names(new DuplicateFinder(0.99, 5, true).find(idx))).as("a file gone since indexing")
                    .containsExactly(List.of("left-right-copy.jpg", "left-right.png"));
        }
    }

    private static BufferedImage halves(int w, int h, boolean sideBySide) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(220, 30, 30));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(30, 40, 210));
        if (sideBySide) {
            g.fillRect(w / 2, 0, w - w / 2, h);
        } else {
            g.fillRect(0, h / 2, w, h - h / 2);
        }
        g.dispose();
        return img;
    }

    private static void write(Path file, BufferedImage img, String format) throws Exception {
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(img, format, file.toFile())).isTrue();
    }
}
