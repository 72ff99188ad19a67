package dev.autodistill4j.search;

import dev.autodistill4j.search.server.SearchServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Names are the file system's bytes (issue #19 item 6): two images whose names differ only in bytes that are not
 * UTF-8 ({@code p\xff.png}, {@code p\xfe.png}) were one key in the index ({@code Path.toString()} reads both
 * {@code p\uFFFD.png}), so one was never indexed and {@code serve} could open neither.
 */
class IndexNamesTest {
    @TempDir
    Path tmp;

    static Path rawName(Path dir, String percentEncodedName) {
        return Path.of(URI.create(dir.toAbsolutePath().toUri() + percentEncodedName));
    }

    static IndexReport index(ColourModel model, Path idx, Path images) {
        try (SearchIndexWriter w = SearchIndexWriter.open(idx, IndexedModel.of(model.info(), 4),
                IndexSettings.DEFAULTS)) {
            return new ImageIndexer(model, ImageLoader.standard(), TestImages::list, 4, null).update(w,
                    List.of(images));
        }
    }

    @Test
    void namesThatAreNotUtf8AreIndexedApartAndServed() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        try {
            Files.copy(TestImages.write(tmp.resolve("red.png"), Color.RED, 1, 0), rawName(images, "p%FF.png"));
            Files.copy(TestImages.write(tmp.resolve("blue.png"), Color.BLUE, 2, 0), rawName(images, "p%FE.png"));
        } catch (java.io.IOException | InvalidPathException e) {
            assumeThat(false).as("the file system takes names that are not UTF-8: " + e).isTrue();
        }
        ColourModel model = new ColourModel();
        Path idx = tmp.resolve("idx");
        IndexReport first = index(model, idx, images);
        assertThat(first.added()).isEqualTo(2);
        assertThat(first.failures()).isEmpty();
        IndexReport again = index(model, idx, images);
        assertThat(again.unchanged()).isEqualTo(2);
        assertThat(again.removed()).isZero();
        try (SearchIndex index = SearchIndex.open(idx);
             SearchServer server = new SearchServer(index, model, ImageLoader.standard(), "127.0.0.1", 0)) {
            List<IndexedImage> all = index.images(false);
            assertThat(all).extracting(IndexedImage::path).doesNotHaveDuplicates()
                    .allSatisfy(p -> assertThat(p).matches(".*/p\uFFFDF[EF]\\.png"));
            server.start();
            HttpClient http = HttpClient.newHttpClient();
            for (IndexedImage img : all) {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/thumb?path=" + URLEncoder.encode(img.path(), StandardCharsets.UTF_8)))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).as(img.path()).isEqualTo(200);
            }
        }
    }
}
