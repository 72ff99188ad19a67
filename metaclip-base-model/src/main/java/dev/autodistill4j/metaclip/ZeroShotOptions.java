package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.model.PromptAggregation;
import dev.autodistill4j.metaclip.templates.PromptTemplates;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code metaclip} provider's options ({@code --model-option KEY=VALUE}), validated up front so a typo fails
 * before any weights are read.
 *
 * @param aggregation how prompt probabilities combine per class ({@code aggregation=sum|max|mean}, default sum)
 * @param templates   prompt templates ({@code templates=imagenet} or a file path); empty = prompts as written
 * @param templatesName what the user gave for {@code templates}, for the model info ({@code none} if unset)
 * @param batchSize   images or texts per network call ({@code batch=N}, default 32)
 */
public record ZeroShotOptions(PromptAggregation aggregation, List<String> templates, String templatesName,
                              int batchSize) {
    public static final Set<String> KEYS = Set.of("aggregation", "templates", "batch");
    /** {@link #KEYS} with their values, as unknown-option errors list them. */
    public static final List<String> OPTIONS = List.of("aggregation=sum|max|mean", "templates=imagenet|<file>",
            "batch=<images per call>");

    public ZeroShotOptions {
        templates = List.copyOf(templates);
    }

    public static ZeroShotOptions from(ModelRequest request) {
        for (String key : request.options().keySet()) {
            if (!KEYS.contains(key)) {
                throw new ModelLoadException("unknown metaclip option '" + key + "': the options are "
                        + "aggregation=sum|max|mean, templates=imagenet|<file>, batch=<images per call>");
            }
        }
        String agg = request.option("aggregation", "sum").strip().toUpperCase(Locale.ROOT);
        PromptAggregation aggregation;
        try {
            aggregation = PromptAggregation.valueOf(agg);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("aggregation='" + request.option("aggregation", "") + "' is not known: "
                    + "use sum (default), max or mean");
        }
        String t = request.option("templates", "").strip();
        List<String> templates;
        if (t.isEmpty() || t.equalsIgnoreCase("none") || t.equalsIgnoreCase("false")) {
            templates = List.of();
            t = "none";
        } else if (t.equalsIgnoreCase("imagenet") || t.equalsIgnoreCase("true")) {
            templates = PromptTemplates.imagenet();
            t = "imagenet";
        } else {
            templates = PromptTemplates.fromFile(Path.of(t)).templates();
        }
        String b = request.option("batch", "32").strip();
        int batch;
        try {
            batch = Integer.parseInt(b);
        } catch (NumberFormatException e) {
            batch = -1;
        }
        if (batch < 1 || batch > 4096) {
            throw new ModelLoadException("batch='" + b + "' must be a whole number from 1 to 4096 (default 32)");
        }
        return new ZeroShotOptions(aggregation, templates, t, batch);
    }
}
