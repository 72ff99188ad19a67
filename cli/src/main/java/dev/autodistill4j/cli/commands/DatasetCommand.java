package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.datasets.DatasetStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code dataset stats DIR}: counts per split and class of a label()/YOLO-cls/ImageFolder dataset. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Inspect classification datasets.",
        subcommands = {DatasetCommand.Stats.class, dev.autodistill4j.cli.curation.DatasetBalanceCommand.class})
public final class DatasetCommand implements CliCommand {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Images per split and class (JSON): reads label() output, YOLO-cls (val/) and ImageFolder.")
    static final class Stats implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "Dataset root.")
        Path dir;

        @Override
        public Integer call() {
            DatasetStats s = DatasetStats.of(dir);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", s.root().toString());
            m.put("classes", s.classes());
            m.put("total", s.total());
            m.put("splits", s.splitTotals());
            m.put("perSplit", s.perSplit());
            m.put("perClass", s.perClass());
            m.put("unlabeled", s.unlabeled());
            m.put("errors", s.errors());
            new JsonLines(spec.commandLine().getOut()).write(m);
            return 0;
        }
    }
}
