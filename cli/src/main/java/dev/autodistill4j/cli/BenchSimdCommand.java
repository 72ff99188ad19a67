package dev.autodistill4j.cli;

import dev.autodistill4j.bench.Machine;
import dev.autodistill4j.bench.simd.SimdBench;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.search.LuceneVectorization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-simd}: the hot loops that have a Vector API version (image resize and normalisation, k-means
 * assignment, cosine distances) timed against their scalar references in one run, as JSON lines with the ratio;
 * the measuring is the {@code bench} module's {@link SimdBench}.
 */
@Command(name = "bench-simd", mixinStandardHelpOptions = true,
        description = "Benchmark the Vector API loops against their scalar references (ratio per loop, JSON lines).")
public final class BenchSimdCommand implements CliCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", converter = NumericOptions.Seconds.class, defaultValue = "1",
            description = "Seconds per loop and version, measured after as long a warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() {
        JsonLines out = new JsonLines(spec.commandLine().getOut());
        SimdBench.run(new SimdBench.Config(seconds), out::write);
        spec.commandLine().getErr().println("machine: " + Machine.describe() + "; " + LuceneVectorization.describe());
        return 0;
    }
}
