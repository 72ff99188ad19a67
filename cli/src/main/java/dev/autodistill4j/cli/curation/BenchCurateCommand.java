package dev.autodistill4j.cli.curation;

import dev.autodistill4j.bench.Machine;
import dev.autodistill4j.bench.curation.CurationBench;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * {@code bench-curate}: texts/s of the curation matcher on one core and on all cores, against the reference
 * Python loop's 54.4 texts/s on one core (measured by the fixture's author, not in this run) and against the
 * same loop run in Java here; and the table's memory for synthetic metadata (500k entries by default). The
 * options become a {@link CurationBench.Config}; the measuring is the {@code bench} module's.
 */
@Command(name = "bench-curate", mixinStandardHelpOptions = true,
        description = {"Benchmark curation matching: texts/s per core on --metadata/--texts (e.g. the curation "
                + "fixture) vs the reference's 54.4 texts/s/core, and the lookup table's memory for --entries "
                + "synthetic entries. One JSON line per measurement."})
public final class BenchCurateCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--metadata", paramLabel = "FILE", description = "metadata.json (e.g. fixtures/curation/metadata.json).")
    Path metadata;

    @Option(names = "--texts", paramLabel = "FILE.jsonl", description = "Texts with a \"text\" field.")
    Path texts;

    @Option(names = "--entries", converter = NumericOptions.NonNegative.class, defaultValue = "500000", description = "Synthetic entries for the memory measure (default: ${DEFAULT-VALUE}; 0 = skip).")
    int entries;

    @Option(names = "--seconds", converter = NumericOptions.Seconds.class, defaultValue = "3", description = "Seconds per throughput measure (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--threads", converter = NumericOptions.Positive.class, description = "Threads of the all-cores measure (default: the number of cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        JsonLines out = new JsonLines(spec.commandLine().getOut());
        int cores = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        CurationBench.run(new CurationBench.Config(metadata, texts, entries, seconds, cores), out::write);
        spec.commandLine().getErr().println("machine: " + Machine.describe());
        return 0;
    }
}
