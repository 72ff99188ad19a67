package dev.autodistill4j.cli.curation;

import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.curation.DatasetBalancer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dataset balance DIR --t N --out DIR2}: MetaCLIP balancing of a labelled dataset, class = entry. */
@Command(name = "balance", mixinStandardHelpOptions = true,
        description = {"Write a balanced copy of a labelled dataset: a class with more than T images keeps each "
                + "with probability T/count (MetaCLIP balancing, the class as the entry); smaller classes keep "
                + "all. Prints one JSON line per class. See docs/curation.md."})
public final class DatasetBalanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Dataset root (label() output, YOLO-cls or ImageFolder).")
    Path dir;

    @Option(names = "--t", converter = NumericOptions.PositiveLong.class, required = true, paramLabel = "N", description = "Images a large class keeps on average.")
    long t;

    @Option(names = "--out", required = true, paramLabel = "DIR2", description = "New dataset folder (new or empty).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hard-link", description = "Hard-link images instead of copying them (falls back to a copy).")
    boolean hardLink;

    @Override
    public Integer call() {
        ConsoleProgress progress = ConsoleProgress.on(spec.commandLine().getErr());
        List<DatasetBalancer.ClassBalance> result = DatasetBalancer.balance(
                new DatasetBalancer.Settings(dir, out, t, seed, hardLink), progress);
        JsonLines json = new JsonLines(spec.commandLine().getOut());
        for (DatasetBalancer.ClassBalance c : result) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", c.className());
            m.put("before", c.before());
            m.put("probability", c.probability());
            m.put("after", c.after());
            json.write(m);
        }
        return 0;
    }
}
