package dev.autodistill4j.search.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.review.ReviewLog;
import dev.autodistill4j.datasets.review.ReviewedManifest;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.review.HostileDataset;
import dev.autodistill4j.search.review.Neighbours;
import dev.autodistill4j.search.review.ReviewSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review page in a real headless chromium: hostile file and class names render as text (no element, no
 * script from them), then a person filters, moves an image with the keyboard (m, type-ahead, Enter), reloads and
 * sees the correction kept — in the new class's view, with the reviewer named, and on disk.
 */
class ReviewPageBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Evidence of injected markup or script: an element or global that only a parsed hostile name creates. */
    private static final String INERT = "window.__pwned === undefined && !document.querySelector('img[src=\"x\"], "
            + "#grid script, #views script, #grid b, #grid i, #counts img') && document.scripts.length === 1";

    @TempDir
    Path tmp;

    @Test
    void hostileNamesAreInertAndAKeyboardCorrectionSurvivesAReload() throws Exception {
        Path dataset = HostileDataset.label(tmp.resolve("in"), tmp.resolve("labelled"));
        try (ReviewServer server = new ReviewServer(new ReviewSession(dataset, "tester", Neighbours.none()),
                ImageLoader.standard(), "127.0.0.1", 0, Set.of(), ServerLimits.DEFAULTS);
             HeadlessChromium browser = HeadlessChromium.launch()) {
            server.start();
            String base = "http://127.0.0.1:" + server.port() + "/";
            browser.call("Page.enable", Map.of());
            browser.navigate(base);
            assertThat(browser.waitFor("document.body.dataset.state === 'done' && "
                    + "document.querySelectorAll('#grid figure').length > 0", WAIT)).isTrue();
            assertThat(browser.eval("document.getElementById('viewTitle').textContent").asText()).isEqualTo("red");
            assertThat(browser.waitFor("[...document.querySelectorAll('#grid img')].every(i => i.complete && "
                    + "i.naturalWidth > 0)", WAIT)).as("thumbnails load").isTrue();

            // every hostile name is shown exactly, as text, and created nothing
            List<String> names = texts(browser, "#grid figure .name");
            assertThat(names).containsAll(HostileDataset.HOSTILE_FILES);
            List<String> views = texts(browser, "#views button span:first-child");
            assertThat(views).contains(HostileDataset.BLUE, HostileDataset.GREEN, HostileDataset.YELLOW);
            assertThat(browser.eval(INERT).asBoolean()).isTrue();
            for (String view : List.of(HostileDataset.BLUE, HostileDataset.GREEN, HostileDataset.YELLOW)) {
                open(browser, "class:" + view);
                assertThat(browser.eval("document.getElementById('viewTitle').textContent").asText()).isEqualTo(view);
                assertThat(browser.eval(INERT).asBoolean()).as(view).isTrue();
            }
            open(browser, "unreadable");
            assertThat(texts(browser, "#grid figure .name")).containsExactly(HostileDataset.BROKEN);
            assertThat(browser.eval("document.querySelector('#grid .error').textContent").asText())
                    .contains(HostileDataset.BROKEN).doesNotContain(tmp.toString());
            assertThat(browser.eval(INERT).asBoolean()).isTrue();

            // filter with the keyboard, then move the one image left to blue with m, type-ahead, Enter
            open(browser, "class:red");
            browser.press("/");
            browser.type("r3");
            assertThat(browser.waitFor("document.body.dataset.state === 'done' && location.hash.includes('q=r3') && "
                    + "document.querySelectorAll('#grid figure').length === 1", WAIT)).isTrue();
            browser.pressEnter(); // leaves the filter box; keys go to the grid again
            browser.press("m");
            assertThat(browser.waitFor("!document.getElementById('picker').hidden", WAIT)).isTrue();
            browser.type("blu");
            assertThat(browser.eval("document.querySelector('#pickerList li.active').textContent").asText())
                    .isEqualTo(HostileDataset.BLUE);
            browser.pressEnter();
            assertThat(browser.waitFor("document.body.dataset.state === 'done' && "
                    + "document.querySelectorAll('#grid figure').length === 0 && "
                    + "document.getElementById('status').textContent.includes('moved')", WAIT)).isTrue();

            ManifestRecord moved = ReviewedManifest.records(dataset).stream()
                    .filter(r -> r.source().endsWith("/r3.png")).findFirst().orElseThrow();
            assertThat(moved.className()).isEqualTo(HostileDataset.BLUE);
            assertThat(dataset.resolve(moved.file())).exists();
            assertThat(Files.readAllLines(ReviewLog.of(dataset))).hasSize(1);

            // reload: the red view no longer has it; the blue view shows it, corrected by the reviewer
            browser.call("Page.reload", Map.of());
            assertThat(browser.waitFor("document.body.dataset.state === 'done' && "
                    + "document.getElementById('filter').value === 'r3' && "
                    + "document.getElementById('viewTitle').textContent === 'red'", WAIT)).isTrue();
            assertThat(browser.eval("document.querySelectorAll('#grid figure').length").asInt()).isZero();
            open(browser, "class:" + HostileDataset.BLUE);
            JsonNode card = JSON.readTree(browser.eval("JSON.stringify([...document.querySelectorAll('#grid figure')]"
                    + ".map(f => ({name: f.querySelector('.name').textContent, review: f.querySelector('.review') "
                    + "? f.querySelector('.review').textContent : null})))").asText());
            assertThat(card).hasSize(1);
            assertThat(card.get(0).get("name").asText()).isEqualTo("r3.png");
            assertThat(card.get(0).get("review").asText()).isEqualTo("moved from red by tester");
            assertThat(browser.eval(INERT).asBoolean()).isTrue();
        }
    }

    private static void open(HeadlessChromium browser, String view) throws Exception {
        String quoted = JSON.writeValueAsString(view);
        browser.eval("[...document.querySelectorAll('#views button')].find(b => b.dataset.view === " + quoted
                + ").click(); true");
        assertThat(browser.waitFor("document.body.dataset.state === 'done' && "
                + "new URLSearchParams(location.hash.slice(1)).get('view') === " + quoted, WAIT)).as(view).isTrue();
    }

    private static List<String> texts(HeadlessChromium browser, String selector) throws Exception {
        JsonNode arr = JSON.readTree(browser.eval("JSON.stringify([...document.querySelectorAll('" + selector
                + "')].map(e => e.textContent))").asText());
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
