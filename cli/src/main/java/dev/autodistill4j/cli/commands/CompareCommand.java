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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;

/** {@code compare A B}: cosine similarity of two images, two texts ({@code text:...}) or one of each. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Cosine similarity of A and B (image paths, or text:... for texts): {\"cosine\": x}.")
public final class CompareCommand implements CliCommand {
    static final String TEXT_PREFIX = "text:";

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Parameters(index = "0", paramLabel = "A", description = "Image path or text:...")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "Image path or text:...")
    String b;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
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
