package dev.autodistill4j.cli.commands;

import dev.autodistill4j.runtime.models.BaseModelRegistry;
import jakarta.inject.Provider;
import jakarta.inject.Inject;
import dev.autodistill4j.runtime.image.ImageDecodeException;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ImageArguments;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.ModelOptions;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code embed}: one JSON line per image or text with its embedding — the raw projected vector (what the
 * reference's {@code get_image_features}/{@code get_text_features} return) unless {@code --normalize}.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed images or texts: {\"id\", \"embedding\"} per item (raw projected vectors unless --normalize).")
public final class EmbedCommand implements CliCommand {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    static final class Inputs {
        @Option(names = "--images", arity = "1..*", paramLabel = "DIR-or-FILE", description = "Image files or folders.")
        List<Path> images;

        @Option(names = "--text", arity = "1..*", paramLabel = "TEXT", description = "Texts to embed.")
        List<String> texts;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Inputs inputs;

    @Option(names = "--normalize", description = "Scale each embedding to unit length.")
    boolean normalize;

    @Option(names = "--batch", converter = NumericOptions.Batch.class, defaultValue = "16", description = "Items per model call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
        JsonLines out = new JsonLines(spec.commandLine().getOut());
        int failed = 0;
        int step = Math.max(1, batch);
        if (inputs.texts == null) {
            model.checkEngine(ImageArguments.expand(inputs.images), "--images", null, spec.commandLine().getErr());
        }
        try (BaseModel loaded = model.load(registry.get(), null)) {
            EmbeddingModel embedder = BaseModels.embedder(loaded);
            if (inputs.texts != null) {
                for (int start = 0; start < inputs.texts.size(); start += step) {
                    List<String> chunk = inputs.texts.subList(start, Math.min(inputs.texts.size(), start + step));
                    List<float[]> vectors = embedder.embedTexts(chunk);
                    for (int i = 0; i < chunk.size(); i++) {
                        out.write(line(chunk.get(i), vectors.get(i)));
                    }
                }
                return 0;
            }
            failed = embedImages(embedder, step, out);
        }
        return failed == 0 ? 0 : 1;
    }

    /**
     * Embeds the image arguments batch by batch, one line each (an unreadable image gets an error line), with
     * progress (count, rate, ETA) on stderr. Returns the number of unreadable images.
     */
    private int embedImages(EmbeddingModel embedder, int step, JsonLines out) {
        List<Path> files = ImageArguments.expand(inputs.images);
        ImageDecoder decoder = ImageDecoder.defaults();
        ConsoleProgress progress = ConsoleProgress.on(spec.commandLine().getErr());
        int failed = 0;
        try {
            for (int start = 0; start < files.size(); start += step) {
                List<Path> ok = new ArrayList<>();
                List<BufferedImage> decoded = new ArrayList<>();
                int end = Math.min(files.size(), start + step);
                for (Path f : files.subList(start, end)) {
                    try {
                        decoded.add(decoder.decode(f));
                        ok.add(f);
                    } catch (ImageDecodeException e) {
                        failed++;
                        out.write(JsonLines.errorLine("id", f, e));
                    }
                }
                if (!decoded.isEmpty()) {
                    List<float[]> vectors = embedder.embedImages(decoded);
                    for (int i = 0; i < ok.size(); i++) {
                        out.write(line(ok.get(i).toString(), vectors.get(i)));
                    }
                }
                progress.update("embed", end, files.size());
            }
        } finally {
            progress.finished("embed");
        }
        return failed;
    }

    private Map<String, Object> line(String id, float[] vector) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("embedding", normalize ? Embeddings.normalize(vector) : vector);
        return m;
    }
}
