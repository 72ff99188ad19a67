package dev.autodistill4j.trainers.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.autodistill4j.trainers.eval.HtmlReport.esc;

/**
 * {@code compare --report}: one self-contained HTML page (no script, no external asset; thumbnails inline) with
 * each model's accuracy, F1 and speed, the agreement matrix, and every image's top class and confidence per
 * model side by side, the images where the models disagree first. Every name is escaped and isolated for
 * bidirectional text ({@code <bdi>}), so a file or class name cannot add markup or reorder the page.
 */
public final class ComparisonReport {
    /** Every comparison report's title; an existing file without it is never replaced. */
    static final String TITLE = "<title>autodistill4j model comparison</title>";
    /** Image rows shown at most (disagreements first); the JSON lines carry the totals. */
    public static final int MAX_ROWS = 400;

    private ComparisonReport() {
    }

    public static void write(Comparison c, Path imagesRoot, Path file) {
        HtmlReport.writeOwned(file, render(c, imagesRoot), "model comparison report", TITLE);
    }

    static String render(Comparison c, Path imagesRoot) {
        StringBuilder h = new StringBuilder(32768);
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\">").append(TITLE).append("<style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:right;vertical-align:middle}")
                .append("th{background:#eee;max-width:18em;overflow-wrap:anywhere}bdi{unicode-bidi:isolate}")
                .append("td.l{text-align:left;max-width:18em;overflow-wrap:anywhere;white-space:pre-wrap}")
                .append(".bad{background:#ffcdd2}.dis{background:#fff3e0}")
                .append("</style></head><body><h1>Model comparison</h1>");
        h.append(String.format(Locale.ROOT, "<p>%d images; the models disagree on %d. %s</p>", c.images().size(),
                c.disagreements(), c.truth().isEmpty() ? "No truth folders given: no accuracy."
                        : c.truth().size() + " images with truth (their folder names)."));
        models(h, c);
        agreement(h, c);
        images(h, c, imagesRoot);
        return h.append("</body></html>\n").toString();
    }

    private static void models(StringBuilder h, Comparison c) {
        h.append("<h2>Models</h2><table><tr><th>model</th><th>accuracy</th><th>macro F1</th><th>images/s</th>")
                .append("<th>load s</th><th>unreadable</th></tr>");
        for (ModelComparison.ModelRun r : c.runs()) {
            EvaluationResult e = r.evaluation();
            h.append("<tr><th><bdi>").append(esc(r.spec())).append("</bdi></th>")
                    .append(e == null ? "<td>–</td><td>–</td>" : String.format(Locale.ROOT,
                            "<td>%.4f</td><td>%.4f</td>", e.accuracy(), e.macroF1()))
                    .append(String.format(Locale.ROOT, "<td>%.1f</td><td>%.1f</td><td>%d</td></tr>",
                            r.imagesPerSecond(), r.loadSeconds(), r.failures().size()));
        }
        h.append("</table>");
    }

    private static void agreement(StringBuilder h, Comparison c) {
        h.append("<h2>Agreement</h2><p>share of images on which two models give the same top class</p><table><tr><th></th>");
        c.runs().forEach(r -> h.append("<th><bdi>").append(esc(r.spec())).append("</bdi></th>"));
        h.append("</tr>");
        for (Map.Entry<String, Map<String, Double>> row : c.agreementMatrix().entrySet()) {
            h.append("<tr><th><bdi>").append(esc(row.getKey())).append("</bdi></th>");
            row.getValue().values().forEach(v -> h.append(String.format(Locale.ROOT, "<td>%.3f</td>", v)));
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static void images(StringBuilder h, Comparison c, Path root) {
        List<Path> order = c.disagreementsFirst();
        Map<Path, String> truth = c.truthByImage();
        h.append("<h2>Images, disagreements first</h2>");
        if (order.size() > MAX_ROWS) {
            h.append(String.format(Locale.ROOT, "<p>the first %d of %d</p>", MAX_ROWS, order.size()));
        }
        h.append("<table><tr><th></th><th>image</th><th>truth</th>");
        c.runs().forEach(r -> h.append("<th><bdi>").append(esc(r.spec())).append("</bdi></th>"));
        h.append("</tr>");
        for (Path p : order.subList(0, Math.min(MAX_ROWS, order.size()))) {
            String t = truth.get(p);
            boolean disagree = c.distinctAnswers(p) > 1;
            h.append(disagree ? "<tr class=\"dis\">" : "<tr>").append("<td>").append(HtmlReport.thumbnail(p))
                    .append("</td><td class=\"l\"><bdi>").append(esc(name(root, p))).append("</bdi></td>")
                    .append("<td class=\"l\"><bdi>").append(t == null ? "" : esc(t)).append("</bdi></td>");
            for (ModelComparison.ModelRun r : c.runs()) {
                ModelComparison.Prediction pr = r.predictions().get(p);
                if (pr == null) {
                    h.append("<td class=\"l bad\">unreadable</td>");
                    continue;
                }
                boolean wrong = t != null && !t.equals(pr.topClass());
                h.append(wrong ? "<td class=\"l bad\"><bdi>" : "<td class=\"l\"><bdi>").append(esc(pr.topClass()))
                        .append("</bdi>").append(String.format(Locale.ROOT, " (%.2f)</td>", pr.confidence()));
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static String name(Path root, Path image) {
        return root != null && image.startsWith(root) ? root.relativize(image).toString()
                : String.valueOf(image.getFileName());
    }
}
