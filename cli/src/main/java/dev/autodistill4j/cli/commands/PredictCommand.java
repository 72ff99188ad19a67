package dev.autodistill4j.cli.commands;

import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.runtime.models.Classifiers;
import jakarta.inject.Provider;
import jakarta.inject.Inject;
import dev.autodistill4j.runtime.image.ImageDecodeException;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.ImageArguments;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.ModelOptions;
import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.api.ontology.Ontology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code predict}: classifies images, one JSON line each. An unreadable image gets an {@code error} line and the
 * rest are still classified; the exit code is then 1.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify images into the ontology's classes: {\"image\", \"class\", \"confidence\", \"scores\"} per image.")
public final class PredictCommand implements CliCommand {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = {"-o", "--ontology"}, paramLabel = "FILE.yaml",
            description = "YAML mapping prompt: class, a classes: ontology (prompts, example images, vectors), or a "
                    + "config file with an ontology: key. Not needed with --model target:DIR (it brings its classes).")
    Path ontology;

    @Option(names = {"-c", "--confidence"}, converter = NumericOptions.Probability.class,
            defaultValue = "" + LabelConfig.DEFAULT_CONFIDENCE,
            description = "Keep a class only when its probability is > this (default: ${DEFAULT-VALUE}); otherwise class "
                    + "and confidence are null and best_class/best_confidence say what came closest.")
    double confidence;

    @Option(names = "--batch", converter = NumericOptions.Batch.class, defaultValue = "16", description = "Images per model call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files or folders.")
    List<Path> images;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
        JsonLines out = new JsonLines(spec.commandLine().getOut());
        List<Path> files = ImageArguments.expand(images);
        ImageDecoder decoder = ImageDecoder.defaults();
        ConsoleProgress progress = ConsoleProgress.on(spec.commandLine().getErr());
        int failed = 0;
        Ontology classes = ontology == null ? null : OntologyLoader.loadAny(ontology);
        model.checkEngine(files, "the images given", classes, spec.commandLine().getErr());
        try (BaseModel loaded = model.load(registry.get(), classes)) {
            ClassificationBaseModel classifier = Classifiers.of(loaded, ontology != null);
            for (int start = 0; start < files.size(); start += batch) {
                List<Path> chunk = files.subList(start, Math.min(files.size(), start + batch));
                failed += predictChunk(classifier, decoder, chunk, out);
                progress.update("predict", start + chunk.size(), files.size());
            }
            progress.finished("predict");
        }
        return failed == 0 ? 0 : 1;
    }

    /**
     * Decodes and classifies one chunk, then writes its lines in input order: an unreadable image's error line
     * sits where its result would be, so output lines pair with the inputs. Returns the number of failures.
     */
    private int predictChunk(ClassificationBaseModel classifier, ImageDecoder decoder, List<Path> chunk,
                             JsonLines out) {
        Map<Path, Map<String, Object>> errors = new LinkedHashMap<>();
        List<BufferedImage> decoded = new ArrayList<>();
        for (Path f : chunk) {
            try {
                decoded.add(decoder.decode(f));
            } catch (ImageDecodeException e) {
                errors.put(f, JsonLines.errorLine("image", f, e));
            }
        }
        List<Classifications> results = decoded.isEmpty() ? List.of()
                : classifier.predictBatch(decoded, confidence);
        int next = 0;
        for (Path f : chunk) {
            out.write(errors.containsKey(f) ? errors.get(f) : line(f, results.get(next++)));
        }
        return errors.size();
    }

    /**
     * One result line. Below the threshold, {@code class} and {@code confidence} are both null and the best
     * guess is under {@code best_class}/{@code best_confidence}, so no line pairs a null class with a high number.
     */
    static Map<String, Object> line(Path image, Classifications c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", image.toString());
        m.put("class", c.hasLabel() ? c.classes().get(c.classIds()[0]) : null);
        m.put("confidence", c.hasLabel() ? c.confidences()[0] : null);
        if (!c.hasLabel()) {
            m.put("best_class", c.topClass());
            m.put("best_confidence", c.topConfidence());
        }
        m.put("scores", c.scores());
        return m;
    }
}
