package dev.autodistill4j.cli.search;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import jakarta.inject.Provider;
import jakarta.inject.Inject;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.server.SearchServer;
import dev.autodistill4j.search.server.ServerLimits;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code autodistill4j serve}: the search web page and JSON API for an index. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a search page and API for an index: GET /api/search?text=...&k=..., POST /api/search "
                + "with an image, /thumb?id=... previews and /image?id=... originals of indexed images only. Binds to "
                + "127.0.0.1 unless --host; answers only requests addressed to that host (or --allow-host)."})
public final class ServeCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder.")
    Path index;

    @Option(names = "--port", converter = NumericOptions.Port.class, defaultValue = "8080", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 exposes the "
                    + "index to the network).")
    String host;

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "Also answer requests addressed to this host name (repeatable), e.g. the machine's DNS "
                    + "name with --host 0.0.0.0. Other names are refused with 403 (DNS rebinding protection).")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--ef-search", converter = NumericOptions.Positive.class, description = "HNSW candidates per query (default: the index's setting).")
    Integer efSearch;

    @Option(names = {"-m", "--model"}, paramLabel = "PROVIDER[:REF]",
            description = "Query model (default: the model recorded in the index).")
    String model;

    @Option(names = "--device", description = "cpu, gpu or gpu:N (default: cpu).")
    Device device;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() throws InterruptedException {
        try (SearchIndex idx = SearchIndex.open(index);
             EmbeddingModel m = SearchModels.forIndex(registry.get(), idx, model, device);
             SearchServer server = new SearchServer(idx, m, ImageLoader.standard(), host, port,
                     Set.copyOf(allowHosts), ServerLimits.DEFAULTS)) {
            if (efSearch != null) {
                idx.setEfSearch(efSearch);
            }
            server.start();
            spec.commandLine().getErr().println("serving " + idx.size() + " images of " + idx.directory()
                    + " on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/ (Ctrl-C to stop)");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
