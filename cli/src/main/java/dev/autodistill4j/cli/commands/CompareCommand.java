package dev.autodistill4j.cli.commands;

import dev.autodistill4j.runtime.models.BaseModelRegistry;
import jakarta.inject.Provider;
import jakarta.inject.Inject;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.ModelOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code compare}: two forms, told apart by {@code --models} (plural).
 * <ul>
 *   <li>{@code compare --model M A B}: cosine similarity of two items (image paths or {@code text:...});</li>
 *   <li>{@code compare --models A,B,C --ontology o.yaml --images DIR [--truth DIR] [--report r.html]}: every
 *       model on the same images, one JSON line per model ({@link CompareModels}).</li>
 * </ul>
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"compare --model M A B: cosine similarity of A and B (image paths, or text:... for texts): "
                + "{\"cosine\": x}.",
                "compare --models A,B,C --ontology o.yaml --images DIR [--truth DIR] [--report r.html]: every "
                        + "model on the same images; one JSON line per model (images/s, agreement with the others, "
                        + "accuracy and F1 where --truth gives class folders, as evaluate computes them); the report "
                        + "shows each image's top class per model side by side, disagreements first."})
public final class CompareCommand implements CliCommand {
    static final String TEXT_PREFIX = "text:";

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Parameters(index = "0", arity = "0..1", paramLabel = "A", description = "Image path or text:...")
    String a;

    @Parameters(index = "1", arity = "0..1", paramLabel = "B", description = "Image path or text:...")
    String b;

    @Option(names = "--models", split = ",", paramLabel = "SPEC", description = "Models to compare, "
            + "comma-separated provider[:reference] (metaclip, onnx:DIR, target:DIR…).")
    List<String> models = new ArrayList<>();

    @Option(names = "--ontology", paramLabel = "FILE", description = "With --models: the ontology for models "
            + "that need one (default: one prompt per --truth class folder); target models use their own classes.")
    Path ontology;

    @Option(names = "--images", paramLabel = "DIR", description = "With --models: the images (recursive).")
    Path images;

    @Option(names = "--truth", paramLabel = "DIR", description = "With --models: a dataset (its test/ split) or "
            + "folder of class folders, as evaluate takes; its images are compared too.")
    Path truth;

    @Option(names = "--report", paramLabel = "FILE.html", description = "With --models: also write the "
            + "side-by-side HTML report (self-contained, works offline).")
    Path report;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
        if (!models.isEmpty()) {
            if (a != null || model.modelGiven()) {
                throw new ParameterException(spec.commandLine(), "compare --models takes --images/--truth, not "
                        + "items A B or --model; compare two items with: compare --model M A B");
            }
            new CompareModels(registry.get(), model, spec.commandLine()).run(models, ontology, images, truth,
                    report);
            return 0;
        }
        if (a == null || b == null) {
            throw new ParameterException(spec.commandLine(), "give two items to compare (compare --model M A B), "
                    + "or models to compare (compare --models A,B --images DIR)");
        }
        if (ontology != null || images != null || truth != null || report != null) {
            throw new ParameterException(spec.commandLine(), "--ontology, --images, --truth and --report belong to "
                    + "compare --models A,B,…");
        }
        try (BaseModel loaded = model.load(registry.get(), null)) {
            EmbeddingModel embedder = BaseModels.embedder(loaded);
            ImageDecoder decoder = ImageDecoder.defaults();
            double cosine = embedder.compare(embed(embedder, decoder, a), embed(embedder, decoder, b));
            new JsonLines(spec.commandLine().getOut()).write(Map.of("cosine", cosine));
        }
        return 0;
    }

    private static float[] embed(EmbeddingModel m, ImageDecoder decoder, String item) {
        if (item.startsWith(TEXT_PREFIX)) {
            return m.embedText(item.substring(TEXT_PREFIX.length()));
        }
        return m.embedImage(decoder.decode(Path.of(item)));
    }
}
