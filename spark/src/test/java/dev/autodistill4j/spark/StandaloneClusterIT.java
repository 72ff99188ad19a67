package dev.autodistill4j.spark;

import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelRunner;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.search.ImageIndexer;
import dev.autodistill4j.search.IndexSettings;
import dev.autodistill4j.search.IndexedImage;
import dev.autodistill4j.search.IndexedModel;
import dev.autodistill4j.search.SearchHit;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.SearchIndexWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The documented cluster path on a real Spark standalone cluster: a Master and two Workers (1 core, 1 GB each)
 * as separate JVMs on loopback, drivers submitted with SparkSubmit and the job jar alone (nothing sets
 * {@code spark.jars}: the job ships itself). {@code spark embed}, {@code spark index} and {@code spark label}
 * give what the local commands give for the shapes fixture; then one Worker is killed ({@code kill -9} of the
 * Worker and its executor) while the label job runs, and the dataset still holds every image exactly once.
 * Executors are JVMs of their own here, so serialisation, jar shipping, executor JVM flags and lost executors
 * are real — none of which {@code local[N]} exercises.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final Duration JOB_LIMIT = Duration.ofMinutes(6);
    @TempDir
    static Path tmp;
    static ShapesInput shapes;
    static Path local;
    static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        assertThat(StandaloneCluster.JOB_JAR).as("built by the package phase").isRegularFile();
        shapes = ShapesInput.create(tmp);
        local = tmp.resolve("local");
        new LabelRunner(BaseModelRegistry.discover()).run(labelConfig(local), ProgressListener.NONE);
        cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static LabelConfig labelConfig(Path out) {
        return LabelConfig.builder().model(shapes.modelSpec()).ontologyFile(shapes.ontology).input(shapes.input)
                .output(out).confidence(0.3).seed(7).batchSize(8).build();
    }

    private static List<String> labelArgs(Path out, int partitions) {
        return List.of("label", "--model", shapes.modelSpec(), "--ontology", shapes.ontology.toString(),
                "--input", shapes.input.toString(), "--output", out.toString(), "--confidence", "0.3", "--seed", "7",
                "--batch", "4", "--partitions", String.valueOf(partitions));
    }

    @Test
    @Order(1)
    void embedIndexAndLabelOnTheClusterEqualTheLocalCommands() throws Exception {
        Path table = tmp.resolve("embeddings.parquet");
        submit("embed", List.of("embed", "--model", shapes.modelSpec(), "--images", shapes.input.toString(),
                "--output", table.toString(), "--batch", "8", "--partitions", "4"));
        assertThat(Files.readString(cluster.home.resolve("embed.out"))).as("it ran on the cluster")
                .contains("\"master\":\"" + cluster.masterUrl + "\"");
        Path fromTable = tmp.resolve("index-spark");
        submit("index", List.of("index", "--from-parquet", table.toString(), "--index", fromTable.toString()));
        assertSameIndex(fromTable);

        Path out = tmp.resolve("spark-dataset");
        submit("label", labelArgs(out, 4));
        SameDataset.assertSame(local, out, shapes.images);
        assertThat(executorLogs()).as("the executors (not the driver) loaded the model")
                .anyMatch(log -> log.contains("executor loaded"));
    }

    @Test
    @Order(2)
    void aClassesOntologyLabelsOnTheClusterAsLocally() throws Exception {
        Path classes = ShapesInput.writeClassesOntology(tmp);
        Path want = tmp.resolve("local-classes");
        new LabelRunner(BaseModelRegistry.discover()).run(LabelConfig.builder().model(shapes.modelSpec())
                .ontologyFile(classes).input(shapes.input).output(want).confidence(0.3).seed(7).batchSize(8).build(),
                ProgressListener.NONE);
        Path out = tmp.resolve("spark-classes");
        List<String> args = new ArrayList<>(labelArgs(out, 4));
        args.set(args.indexOf(shapes.ontology.toString()), classes.toString());
        submit("label-classes", args); // the executors never see the example images: only their embeddings
        SameDataset.assertSame(want, out, shapes.images);
    }

    @Test
    @Order(3)
    void aWorkerKilledMidJobLosesNoRecordAndDuplicatesNone() throws Exception {
        Path out = tmp.resolve("spark-killed");
        Path work = cluster.home.resolve("work-1");
        List<Path> earlier = executorStderr(work);
        Process driver = cluster.submit("label-killed", labelArgs(out, 8));
        Process victim = cluster.worker(1);
        awaitExecutorModel(work, earlier);
        cluster.kill(victim);
        int code = StandaloneCluster.await(driver, JOB_LIMIT);
        String log = Files.readString(cluster.home.resolve("label-killed.log"));
        assertThat(code).as(StandaloneCluster.tail(log)).isZero();
        assertThat(victim.isAlive()).isFalse();
        int lost = log.indexOf("Lost executor");
        assertThat(lost).as("the driver lost an executor while the job ran").isPositive();
        assertThat(log.substring(lost)).as("tasks still finished after the loss: it was mid-job")
                .contains("Finished task");
        SameDataset.assertSame(local, out, shapes.images);
    }

    private static void submit(String name, List<String> args) throws IOException, InterruptedException {
        int code = StandaloneCluster.await(cluster.submit(name, args), JOB_LIMIT);
        assertThat(code).as(name + ": " + StandaloneCluster.tail(Files.readString(cluster.home.resolve(name + ".log"))))
                .isZero();
        assertThat(Files.readString(cluster.home.resolve(name + ".out"))).as(name + " result line").startsWith("{");
    }

    /** The spark index equals an index built by the local path from the images: documents, vectors, hits. */
    private static void assertSameIndex(Path fromTable) throws IOException {
        Path fromImages = tmp.resolve("index-local");
        try (EmbeddingModel model = BaseModels.embedder(BaseModelRegistry.discover().load(shapes.modelSpec(),
                ModelRequest.of(null)))) {
            IndexedModel identity = IndexedModel.of(model.info(), model.embeddingDimension());
            try (SearchIndexWriter idx = SearchIndexWriter.open(fromImages, identity, IndexSettings.DEFAULTS)) {
                new ImageIndexer(model, 16, ProgressListener.NONE).update(idx, List.of(shapes.input));
            }
        }
        try (SearchIndex a = SearchIndex.open(fromImages); SearchIndex b = SearchIndex.open(fromTable)) {
            assertThat(b.model()).isEqualTo(a.model());
            List<IndexedImage> want = a.images(true);
            Map<String, IndexedImage> got = b.images(true).stream()
                    .collect(Collectors.toMap(IndexedImage::path, x -> x));
            assertThat(got).hasSize(want.size()).hasSize(shapes.images - 1); // broken.png has no embedding
            for (IndexedImage w : want) {
                IndexedImage g = got.get(w.path());
                assertThat(g).as(w.path()).isNotNull();
                assertThat(List.of(g.id(), g.size(), g.mtime(), g.sha256()))
                        .isEqualTo(List.of(w.id(), w.size(), w.mtime(), w.sha256()));
                for (int i = 0; i < w.vector().length; i++) {
                    assertThat((double) g.vector()[i]).as(w.path() + "[" + i + "]").isCloseTo(w.vector()[i],
                            within(1e-5));
                }
            }
            for (IndexedImage query : want.subList(0, 10)) {
                List<SearchHit> x = a.search(query.vector(), 10);
                List<SearchHit> y = b.search(query.vector(), 10);
                assertThat(y.stream().map(SearchHit::path).toList()).isEqualTo(x.stream().map(SearchHit::path).toList());
            }
        }
    }

    /** Waits (bounded) until a new executor of a Worker has loaded the model: it is classifying. */
    private static void awaitExecutorModel(Path work, List<Path> earlier) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + JOB_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Path log : executorStderr(work)) {
                if (!earlier.contains(log) && Files.readString(log).contains("executor loaded")) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no executor in " + work + " loaded the model within " + JOB_LIMIT);
    }

    private static List<String> executorLogs() throws IOException {
        List<String> logs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (Path p : executorStderr(cluster.home.resolve("work-" + i))) {
                logs.add(Files.readString(p));
            }
        }
        return logs;
    }

    /** {@code work/app-…/<executor>/stderr} of every executor a Worker launched. */
    private static List<Path> executorStderr(Path work) throws IOException {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(work, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("stderr")).toList();
        }
    }
}
