package dev.autodistill4j.cli.search;

import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.search.DuplicateFinder;
import dev.autodistill4j.search.DuplicateGroup;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code autodistill4j duplicates}: groups of near-identical images in an index. */
@Command(name = "duplicates", mixinStandardHelpOptions = true,
        description = {"Find groups of near-identical images in an index: every pair in a group has cosine "
                + "similarity >= --threshold and the same 16x16 pixel layout (images are read again to check). "
                + "One JSON line per group, largest first."})
public final class DuplicatesCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder.")
    Path index;

    @Option(names = "--threshold", converter = NumericOptions.Cosine.class, defaultValue = "0.95",
            description = "Minimum cosine similarity of duplicates (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--neighbours", converter = NumericOptions.Positive.class, defaultValue = "10",
            description = "Nearest neighbours examined per image (default: ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--exact", description = "Exact neighbour scans instead of HNSW (slower).")
    boolean exact;

    @Option(names = "--no-pixel-check", description = "Trust the embeddings alone: faster, reads no image, but "
            + "different pictures of the same subject can be grouped (see docs/search.md).")
    boolean noPixelCheck;

    @Override
    public Integer call() {
        try (SearchIndex idx = SearchIndex.open(index)) {
            JsonLines out = new JsonLines(spec.commandLine().getOut());
            int id = 0;
            for (DuplicateGroup g : new DuplicateFinder(threshold, neighbours, exact,
                    noPixelCheck ? null : ImageLoader.standard()).find(idx,
                    ConsoleProgress.on(spec.commandLine().getErr()))) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("group", id++);
                line.put("size", g.paths().size());
                line.put("min_similarity", g.minSimilarity());
                line.put("max_similarity", g.maxSimilarity());
                line.put("paths", g.paths());
                out.write(line);
            }
        }
        return 0;
    }
}
