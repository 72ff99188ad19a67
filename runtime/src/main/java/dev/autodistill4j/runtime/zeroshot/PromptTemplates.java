package dev.autodistill4j.runtime.zeroshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prompt templates for zero-shot classification: each class name is put into every template
 * ({@code "a photo of a {}."}) and the text embeddings of the results are averaged per class. CLIP papers
 * report a few points of ImageNet accuracy from this "prompt ensembling" over a bare class name.
 *
 * <p>MetaCLIP's 80 ImageNet templates ship as a resource (CC BY-NC 4.0, see the resource header). Users can
 * supply their own: a text file with one template per line ({@code #} comments and blank lines ignored) or a
 * JSON file holding a list of strings (or an object whose {@code "imagenet"} / {@code "templates"} key holds
 * one, as MetaCLIP's {@code templates.json}). A template must contain {@code {}} exactly once.
 */
public final class PromptTemplates {
    private static final String IMAGENET_RESOURCE = "imagenet-templates.txt";
    private static final String PLACEHOLDER = "{}";
    private static volatile PromptTemplates imagenet;

    private final List<String> templates;

    private PromptTemplates(List<String> templates) {
        this.templates = List.copyOf(templates);
    }

    /** MetaCLIP's 80 ImageNet templates, in the order of the source file. */
    public static List<String> imagenet() {
        return imagenetTemplates().templates();
    }

    /** The bundled ImageNet templates as a {@code PromptTemplates}. */
    public static PromptTemplates imagenetTemplates() {
        PromptTemplates t = imagenet;
        if (t == null) {
            try (InputStream in = PromptTemplates.class.getResourceAsStream(IMAGENET_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + IMAGENET_RESOURCE + " is missing from the jar");
                }
                t = new PromptTemplates(parseLines(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        IMAGENET_RESOURCE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            imagenet = t;
        }
        return t;
    }

    /** Templates given in code; each must contain {@code {}} exactly once. */
    public static PromptTemplates of(List<String> templates) {
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            checked.add(check(templates.get(i), "template " + (i + 1)));
        }
        if (checked.isEmpty()) {
            throw new PromptTemplateException("no prompt templates given; pass at least one, e.g. \"a photo of a {}.\"");
        }
        return new PromptTemplates(checked);
    }

    /** Templates from a user file (text, one per line, or JSON). */
    public static PromptTemplates fromFile(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PromptTemplateException(file + ": cannot read the template file (" + e.getMessage() + ")", e);
        }
        String trimmed = content.strip();
        List<String> list = trimmed.startsWith("[") || trimmed.startsWith("{")
                ? parseJson(trimmed, file) : parseLines(content, file.toString());
        if (list.isEmpty()) {
            throw new PromptTemplateException(file + ": holds no templates; write one per line, e.g. a photo of a {}.");
        }
        return new PromptTemplates(list);
    }

    private static List<String> parseLines(String content, String source) {
        List<String> out = new ArrayList<>();
        String[] lines = content.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            out.add(check(line, source + " line " + (i + 1)));
        }
        return out;
    }

    private static List<String> parseJson(String content, Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(content);
        } catch (JsonProcessingException e) {
            throw new PromptTemplateException(file + ": invalid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root.isObject()) {
            JsonNode list = root.has("templates") ? root.get("templates") : root.get("imagenet");
            if (list == null) {
                throw new PromptTemplateException(file + ": a JSON object needs a \"templates\" (or \"imagenet\") key"
                        + " holding a list of strings");
            }
            root = list;
        }
        if (!root.isArray()) {
            throw new PromptTemplateException(file + ": expected a JSON list of template strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            if (!n.isTextual()) {
                throw new PromptTemplateException(file + ": entry " + (i + 1) + " is not a string");
            }
            out.add(check(n.asText(), file + " entry " + (i + 1)));
        }
        return out;
    }

    private static String check(String template, String where) {
        int first = template.indexOf(PLACEHOLDER);
        if (first < 0 || template.indexOf(PLACEHOLDER, first + 1) >= 0) {
            throw new PromptTemplateException(where + ": template '" + template + "' must contain {} exactly once,"
                    + " where the class name goes");
        }
        return template;
    }

    public List<String> templates() {
        return templates;
    }

    public int size() {
        return templates.size();
    }

    /** Every template with {@code className} in place of {@code {}}, in template order. */
    public List<String> apply(String className) {
        if (className == null || className.isBlank()) {
            throw new PromptTemplateException("class name is blank; templates need a name to fill in");
        }
        List<String> out = new ArrayList<>(templates.size());
        for (String t : templates) {
            out.add(t.replace(PLACEHOLDER, className));
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PromptTemplates[%d templates, first '%s']", templates.size(),
                templates.get(0));
    }
}
