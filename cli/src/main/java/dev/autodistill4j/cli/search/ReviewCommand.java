package dev.autodistill4j.cli.search;

import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.datasets.review.DatasetCorrections;
import dev.autodistill4j.datasets.review.ReviewRecord;
import dev.autodistill4j.datasets.review.ReviewedManifest;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.review.Neighbours;
import dev.autodistill4j.search.review.ReviewSession;
import dev.autodistill4j.search.server.ReviewServer;
import dev.autodistill4j.search.server.ServerLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code autodistill4j review DATASET}: the review page of a labelled dataset, or {@code --undo} / {@code --replay}. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"Review a labelled dataset (a label output) in the browser: grids per class, lowest confidence "
                + "first, unlabeled and unreadable images, low-margin / near-duplicate / neighbour-disagreement views, "
                + "keyboard corrections written to reviews.jsonl beside the manifest. Binds to 127.0.0.1 unless --host.",
                "With --undo N or --replay FILE: change the dataset and exit (no server)."})
public final class ReviewCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "A label output folder.")
    Path dataset;

    @Option(names = "--port", converter = NumericOptions.Port.class, defaultValue = "8080",
            description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "Also answer requests addressed to this host name (repeatable).")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--index", paramLabel = "DIR", description = "A search index built over the dataset folder "
            + "by the index command: enables the near-duplicate and neighbour-disagreement views.")
    Path index;

    @Option(names = "--reviewer", paramLabel = "NAME",
            description = "Who is reviewing, recorded with every decision (default: the user name).")
    String reviewer = System.getProperty("user.name");

    @Option(names = "--undo", paramLabel = "N", converter = NumericOptions.Positive.class,
            description = "Undo the last N decisions still in effect (appends undo records), then exit.")
    Integer undo;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Apply another dataset's reviews.jsonl to this one (e.g. the log that label kept aside "
                    + "when it overwrote the dataset), then exit.")
    Path replay;

    @Override
    public Integer call() throws InterruptedException {
        if (undo != null || replay != null) {
            return change();
        }
        Neighbours neighbours = Neighbours.none();
        if (index != null) {
            Set<String> wanted = new HashSet<>();
            ReviewedManifest.records(dataset).forEach(r -> wanted.add(r.sha256()));
            try (SearchIndex idx = SearchIndex.open(index)) {
                neighbours = Neighbours.of(idx, wanted, ConsoleProgress.on(spec.commandLine().getErr()));
            }
        }
        ReviewSession session = new ReviewSession(dataset, reviewer, neighbours);
        try (ReviewServer server = new ReviewServer(session, ImageLoader.standard(), host, port,
                Set.copyOf(allowHosts), ServerLimits.DEFAULTS)) {
            server.start();
            spec.commandLine().getErr().println("reviewing " + session.snapshot().items().size() + " images of "
                    + session.root() + " on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + server.port() + "/ (Ctrl-C to stop; every correction is on disk when the page shows it)");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }

    private int change() {
        if (undo != null && replay != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give --undo or --replay, not both");
        }
        DatasetCorrections corrections = new DatasetCorrections(dataset, reviewer);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("dataset", corrections.root().toString());
        if (undo != null) {
            List<ReviewRecord> undone = corrections.undo(undo);
            line.put("undone", undone.stream().map(ReviewRecord::undoes).toList());
        } else {
            DatasetCorrections.ReplayResult r = corrections.replay(replay);
            line.put("replayed", r.applied().size());
            line.put("skipped", r.skipped());
        }
        line.put("corrected", corrections.state().corrected());
        new JsonLines(spec.commandLine().getOut()).write(line);
        return 0;
    }
}
