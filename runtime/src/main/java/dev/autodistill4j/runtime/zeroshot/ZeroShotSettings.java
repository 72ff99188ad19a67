package dev.autodistill4j.runtime.zeroshot;

import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.model.PromptAggregation;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The runtime's zero-shot settings ({@link ModelRequest#ZERO_SHOT_OPTIONS}): how the classifier the runtime puts
 * over an embedding model turns prompts into class scores. Read once, by {@code BaseModelRegistry}, before the
 * provider loads anything, so a typo or a missing template file fails before any weights are read; providers
 * never parse them (they only embed).
 *
 * @param aggregation   how prompt probabilities combine per class ({@code aggregation=sum|max|mean}, default sum)
 * @param templates     prompt templates ({@code templates=imagenet} or a file); empty = prompts as written
 * @param templatesName what was given for {@code templates}, for the model's details ({@code none} if unset)
 */
public record ZeroShotSettings(PromptAggregation aggregation, List<String> templates, String templatesName) {
    static final String AGGREGATION = "aggregation";
    static final String TEMPLATES = "templates";
    /** The details key of a model that states its own temperature. */
    static final String LOGIT_SCALE = "logit_scale";

    public ZeroShotSettings {
        templates = List.copyOf(templates);
    }

    /** Sum over prompts, prompts as written. */
    public static ZeroShotSettings defaults() {
        return new ZeroShotSettings(PromptAggregation.SUM, List.of(), "none");
    }

    /**
     * The settings in {@code options}; other keys are the provider's and left alone.
     *
     * @throws ModelLoadException naming the setting and its valid values
     * @throws PromptTemplateException naming a template file that cannot be used
     */
    public static ZeroShotSettings from(Map<String, String> options) {
        String given = options.getOrDefault(AGGREGATION, "sum");
        PromptAggregation aggregation;
        try {
            aggregation = PromptAggregation.valueOf(given.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("aggregation='" + given + "' is not known: use sum (default), max or mean");
        }
        String t = options.getOrDefault(TEMPLATES, "").strip();
        if (t.isEmpty() || t.equalsIgnoreCase("none") || t.equalsIgnoreCase("false")) {
            return new ZeroShotSettings(aggregation, List.of(), "none");
        }
        if (t.equalsIgnoreCase("imagenet") || t.equalsIgnoreCase("true")) {
            return new ZeroShotSettings(aggregation, PromptTemplates.imagenet(), "imagenet");
        }
        return new ZeroShotSettings(aggregation, PromptTemplates.fromFile(Path.of(t)).templates(), t);
    }

    /**
     * {@code details} with these settings recorded ({@code aggregation}, {@code templates}: the keys a CLIP
     * provider wrote when it classified itself, so run.json keeps its keys).
     */
    public Map<String, Object> recordedIn(Map<String, Object> details) {
        Map<String, Object> out = new LinkedHashMap<>(details);
        putSettings(out);
        return out;
    }

    private void putSettings(Map<String, Object> out) {
        out.put(AGGREGATION, aggregation.name().toLowerCase(Locale.ROOT));
        out.put(TEMPLATES, templatesName);
    }
}
