package dev.autodistill4j.cli.commands;

import dev.autodistill4j.api.image.ImageDecodeException;
import dev.autodistill4j.api.image.ImageDecoder;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.ontology.OntologyLoader;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ImageArguments;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.ModelOptions;
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

    @Option(names = {"-o", "--ontology"}, required = true, paramLabel = "FILE.yaml",
            description = "YAML mapping prompt: class, a classes: ontology (prompts, example images, vectors), or a "
                    + "config file with an ontology: key.")
    Path ontology;

    @Option(names = {"-c", "--confidence"}, defaultValue = "0.5",
            description = "Keep a class only when its probability is > this (default: ${DEFAULT-VALUE}); class is null otherwise.")
    double confidence;

    @Option(names = "--batch", defaultValue = "16", description = "Images per model call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files or folders.")
    List<Path> images;

    @Override
    public Integer call() {
        JsonLines out = new JsonLines(spec.commandLine().getOut());
        List<Path> files = ImageArguments.expand(images);
        ImageDecoder decoder = ImageDecoder.defaults();
        int failed = 0;
        try (BaseModel loaded = model.load(OntologyLoader.loadAny(ontology))) {
            ClassificationBaseModel classifier = BaseModels.classifier(loaded);
            for (int start = 0; start < files.size(); start += Math.max(1, batch)) {
                List<Path> chunk = files.subList(start, Math.min(files.size(), start + Math.max(1, batch)));
                List<Path> ok = new ArrayList<>();
                List<BufferedImage> decoded = new ArrayList<>();
                for (Path f : chunk) {
                    try {
                        decoded.add(decoder.decode(f));
                        ok.add(f);
                    } catch (ImageDecodeException e) {
                        failed++;
                        out.write(JsonLines.errorLine("image", f, e));
                    }
                }
                if (decoded.isEmpty()) {
                    continue;
                }
                List<Classifications> results = classifier.predictBatch(decoded, confidence);
                for (int i = 0; i < ok.size(); i++) {
                    out.write(line(ok.get(i), results.get(i)));
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    static Map<String, Object> line(Path image, Classifications c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", image.toString());
        m.put("class", c.hasLabel() ? c.classes().get(c.classIds()[0]) : null);
        m.put("confidence", c.hasLabel() ? c.confidences()[0] : c.topConfidence());
        m.put("scores", c.scores());
        return m;
    }
}
