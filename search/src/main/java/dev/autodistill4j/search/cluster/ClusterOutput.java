package dev.autodistill4j.search.cluster;

import dev.autodistill4j.datasets.OutputFiles;
import dev.autodistill4j.datasets.StagingPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.datasets.OwnedFiles;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.SearchIndexException;
import dev.autodistill4j.search.Thumbnails;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a clustering as {@code clusters.json} and {@code clusters.html}, a self-contained contact sheet
 * (thumbnails embedded as data URIs, so the page can be mailed or archived without the image folder). Both are
 * written to a temporary name and renamed when complete, so a failure never leaves half a file.
 */
public final class ClusterOutput {
    public static final String JSON = "clusters.json";
    public static final String HTML = "clusters.html";
    /** Marks both files as written by {@code cluster}, so a re-run replaces them and nothing else. */
    static final String GENERATOR = "autodistill4j cluster";
    /** How files written before the generator mark began; they may be replaced too. */
    private static final String OLD_JSON_MARK = "{\n  \"index\" : ";
    private static final String OLD_HTML_MARK = "<title>Clusters</title>\n<style>body{font-family:sans-serif;margin:1em;";

    private final ImageLoader loader;
    private final int thumbnailsPerCluster;
    private final int thumbnailSize;

    public ClusterOutput(ImageLoader loader, int thumbnailsPerCluster, int thumbnailSize) {
        this.loader = loader;
        this.thumbnailsPerCluster = thumbnailsPerCluster;
        this.thumbnailSize = thumbnailSize;
    }

    /** Writes both files into {@code dir} (created if needed); {@code provenance} goes into the JSON. */
    public void write(Clustering clustering, Map<String, Object> provenance, Path dir) {
        OwnedFiles.requireReplaceable(dir.resolve(JSON), "clusters.json", "`out`", GENERATOR, OLD_JSON_MARK);
        OwnedFiles.requireReplaceable(dir.resolve(HTML), "clusters.html", "`out`", GENERATOR, OLD_HTML_MARK);
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(JSON), json(clustering, provenance));
            writeAtomically(dir.resolve(HTML), html(clustering).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SearchIndexException("cannot write the clusters to " + dir + " (" + e.getMessage()
                    + "): check the folder is writable and has free space", e);
        }
    }

    static byte[] json(Clustering c, Map<String, Object> provenance) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generator", GENERATOR);
        root.putAll(provenance);
        root.put("k", c.k());
        root.put("seed", c.seed());
        root.put("inertia", c.inertia());
        if (!Double.isNaN(c.silhouette())) {
            root.put("silhouette", c.silhouette());
        }
        List<Map<String, Object>> clusters = new ArrayList<>();
        for (Cluster cl : c.clusters()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", cl.id());
            m.put("name", cl.name());
            m.put("size", cl.size());
            m.put("members", cl.members());
            clusters.add(m);
        }
        root.put("clusters", clusters);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
    }

    String html(Clustering c) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"generator\" content=\"")
                .append(GENERATOR).append("\"><title>Clusters</title>\n<style>")
                .append("body{font-family:sans-serif;margin:1em;background:#fafafa}")
                .append("section{margin-bottom:1.5em}h2{font-size:1.1em;margin:.3em 0}")
                .append(".grid{display:flex;flex-wrap:wrap;gap:4px}")
                .append(".grid img{width:").append(thumbnailSize).append("px;height:").append(thumbnailSize)
                .append("px;object-fit:cover;border:1px solid #ccc;background:#fff}")
                .append(".missing{width:").append(thumbnailSize).append("px;height:").append(thumbnailSize)
                .append("px;font-size:10px;overflow:hidden;border:1px dashed #c00}")
                .append("</style></head><body>\n<h1>").append(c.k()).append(" clusters</h1>\n");
        for (Cluster cl : c.clusters()) {
            b.append("<section class=\"cluster\" id=\"cluster-").append(cl.id()).append("\"><h2>#").append(cl.id())
                    .append(" ").append(escape(cl.name())).append(" (").append(cl.size()).append(")</h2>")
                    .append("<div class=\"grid\">");
            int shown = 0;
            for (String path : cl.members()) {
                if (shown++ == thumbnailsPerCluster) {
                    b.append("<span>… ").append(cl.size() - thumbnailsPerCluster).append(" more</span>");
                    break;
                }
                b.append(thumbnail(path));
            }
            b.append("</div></section>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private String thumbnail(String path) {
        try {
            byte[] jpeg = Thumbnails.jpeg(loader.load(Path.of(path)), thumbnailSize * 2);
            return "<img title=\"" + escape(path) + "\" alt=\"" + escape(Path.of(path).getFileName().toString())
                    + "\" src=\"data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg) + "\">";
        } catch (Autodistill4jException e) {
            return "<div class=\"missing\" title=\"" + escape(e.getMessage()) + "\">unreadable: "
                    + escape(path) + "</div>";
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    static void writeAtomically(Path target, byte[] content) throws IOException {
        OutputFiles.replace(target, content); // a fresh temporary, never through a link
    }
}
