package dev.autodistill4j.trainers.eval;

import dev.autodistill4j.datasets.OutputFiles;
import dev.autodistill4j.datasets.StagingPaths;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.datasets.OwnedFiles;
import dev.autodistill4j.trainers.data.Images;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML file (no external assets: thumbnails are base64 PNGs) with the scores, the confusion
 * matrix and the most confident mistakes, so a report can be attached to a ticket or opened offline.
 */
public final class HtmlReport {
    private static final int THUMB = 96;
    /** Every report's title; an existing file without it is not a report and is never replaced. */
    static final String TITLE = "<title>autodistill4j evaluation</title>";

    private HtmlReport() {
    }

    public static void write(EvaluationResult r, String modelName, Path data, Path file, int maxMistakes) {
        writeOwned(file, render(r, modelName, data, maxMistakes), "evaluation report", TITLE);
    }

    /**
     * Writes a self-contained page to {@code file} (temporary name, then rename), replacing only a file that
     * carries {@code mark} (one of our reports of that kind).
     */
    static void writeOwned(Path file, String html, String what, String mark) {
        OwnedFiles.requireReplaceable(file.toAbsolutePath(), what, "`report`", mark);
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            OutputFiles.replace(abs, html.getBytes(StandardCharsets.UTF_8)); // never through a link
        } catch (IOException e) {
            throw new Autodistill4jException("cannot write report " + file + " (" + e.getMessage() + "): check the "
                    + "folder exists and is writable", e);
        }
    }

    static String render(EvaluationResult r, String modelName, Path data, int maxMistakes) {
        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>autodistill4j evaluation</title><style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#eee}")
                .append(".m{display:inline-block;margin:4px;text-align:center;font-size:12px;width:120px}")
                // the confusion matrix scrolls inside its own box, with truth names and predicted names pinned,
                // so 60 classes (or 600) never push the page wider than the window
                .append("th{max-width:24em;overflow-wrap:anywhere}")
                .append(".scroll{max-width:100%;max-height:85vh;overflow:auto;border:1px solid #ccc}")
                .append(".scroll th{position:sticky;background:#eee}.scroll thead th{top:0;z-index:1}")
                .append(".scroll tbody th{left:0}.scroll thead th:first-child{left:0;z-index:2}")
                .append(".scroll th.c{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;")
                .append("white-space:nowrap;max-height:14em;overflow:hidden;text-overflow:ellipsis}")
                .append("</style></head><body>");
        h.append("<h1>Evaluation</h1><p>Model: <code>").append(esc(modelName)).append("</code><br>Data: <code>")
                .append(esc(String.valueOf(data))).append("</code></p>");
        h.append(String.format(Locale.ROOT, "<p><b>Accuracy %.4f</b> on %d images; macro F1 %.4f; %d unreadable</p>",
                r.accuracy(), r.scored(), r.macroF1(), r.failures().size()));

        h.append("<h2>Per class</h2><table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th>")
                .append("<th>support</th></tr>");
        for (Map.Entry<String, EvaluationResult.ClassScores> e : r.perClass().entrySet()) {
            EvaluationResult.ClassScores s = e.getValue();
            h.append(String.format(Locale.ROOT, "<tr><th>%s</th><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%d</td></tr>",
                    esc(e.getKey()), s.precision(), s.recall(), s.f1(), s.support()));
        }
        h.append("</table>");

        List<String> labels = r.labels();
        h.append("<h2>Confusion matrix</h2><p>rows: truth, columns: predicted (hover a cell for both names)</p>")
                .append("<div class=\"scroll\"><table><thead><tr><th></th>");
        for (String l : labels) {
            h.append("<th class=\"c\" title=\"").append(esc(l)).append("\">").append(esc(l)).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (int t = 0; t < labels.size(); t++) {
            long rowSum = 0;
            for (long v : r.confusion()[t]) {
                rowSum += v;
            }
            h.append("<tr><th>").append(esc(labels.get(t))).append("</th>");
            for (int p = 0; p < labels.size(); p++) {
                long v = r.confusion()[t][p];
                double frac = rowSum == 0 ? 0 : (double) v / rowSum;
                String colour = v == 0 ? "#fff" : t == p ? shade(120, frac) : shade(0, frac);
                h.append("<td style=\"background:").append(colour).append("\" title=\"")
                        .append(esc(labels.get(t))).append(" \u2192 ").append(esc(labels.get(p))).append("\">")
                        .append(v).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table></div>");

        h.append("<h2>Worst mistakes</h2>");
        if (r.mistakes().isEmpty()) {
            h.append("<p>none</p>");
        }
        for (EvaluationResult.Mistake m : r.mistakes().subList(0, Math.min(maxMistakes, r.mistakes().size()))) {
            h.append("<div class=\"m\">").append(thumbnail(m.image())).append("<br>")
                    .append(esc(m.image().getFileName().toString())).append("<br>truth <b>").append(esc(m.truth()))
                    .append("</b><br>predicted <b>").append(esc(m.predicted()))
                    .append(String.format(Locale.ROOT, "</b> (%.2f)</div>", m.confidence()));
        }
        if (!r.failures().isEmpty()) {
            h.append("<h2>Unreadable images</h2><ul>");
            for (EvaluationResult.Failure f : r.failures()) {
                h.append("<li><code>").append(esc(f.image().toString())).append("</code>: ").append(esc(f.error()))
                        .append("</li>");
            }
            h.append("</ul>");
        }
        return h.append("</body></html>\n").toString();
    }

    /** An inline PNG {@code <img>} of {@code image} (no external file), or a note when it cannot be read. */
    static String thumbnail(Path image) {
        try {
            BufferedImage img = Images.decode(image);
            double scale = Math.min(1.0, (double) THUMB / Math.max(img.getWidth(), img.getHeight()));
            int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
            int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
            BufferedImage small = Images.resize(img, 0, 0, img.getWidth(), img.getHeight(), w, h);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(small, "png", out);
            return "<img alt=\"\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray())
                    + "\">";
        } catch (IOException | Autodistill4jException e) {
            return "(no thumbnail)";
        }
    }

    private static String shade(int hue, double frac) {
        return String.format(Locale.ROOT, "hsl(%d,70%%,%d%%)", hue, (int) Math.round(95 - 45 * frac));
    }

    /** Text for HTML content and quoted attribute values. */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
