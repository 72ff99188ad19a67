package dev.autodistill4j.spark;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.cli.Main;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelRunner;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.spark.job.ModelKey;
import dev.autodistill4j.spark.job.ShippedOntology;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code spark label} with a {@code classes:} ontology (prompts and example images): the dataset equals the
 * local {@code label}'s, and the executors' model — built from the examples' embeddings the driver ships
 * ({@link ShippedOntology}), without the images — classifies exactly as the driver's built from the images.
 */
class SparkReferenceLabelTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static ShapesInput shapes;
    static Path ontology;
    static Path local;

    @BeforeAll
    static void labelLocally() throws Exception {
        shapes = ShapesInput.create(tmp);
        ontology = ShapesInput.writeClassesOntology(tmp);
        local = tmp.resolve("local");
        LabelConfig config = LabelConfig.builder().model(shapes.modelSpec()).ontologyFile(ontology)
                .input(shapes.input).output(local).confidence(0.3).seed(7).batchSize(8).build();
        new LabelRunner(BaseModelRegistry.discover()).run(config, ProgressListener.NONE);
        spark = SparkSessions.local2();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theSparkDatasetEqualsTheLocalOne() throws Exception {
        Path out = tmp.resolve("spark");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("spark", "label", "--model", shapes.modelSpec(), "--ontology", ontology.toString(),
                "--input", shapes.input.toString(), "--output", out.toString(), "--confidence", "0.3", "--seed", "7",
                "--batch", "8", "--partitions", "4");
        assertThat(code).as(err.toString()).isZero();
        SameDataset.assertSame(local, out, shapes.images);
    }

    @Test
    void anExecutorBuiltFromTheShippedEmbeddingsClassifiesAsTheDriver() throws Exception {
        ReferenceOntology o = (ReferenceOntology) OntologyLoader.loadAny(ontology);
        BaseModelRegistry registry = BaseModelRegistry.discover();
        try (BaseModel driver = registry.load(shapes.modelSpec(), new ModelRequest(null, o, null, Map.of()))) {
            ShippedOntology shipped = ShippedOntology.embed(o, BaseModels.embedder(driver));
            ModelKey key = ModelKey.of(shapes.modelSpec(), null, Map.of(), null).withReference(shipped);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(key); // it travels inside every task
            }
            assertThat(bytes.size()).as("small enough to ship in each task").isLessThan(200_000);
            try (BaseModel executor = registry.load(key.spec(), key.request())) {
                assertThat(BaseModels.classifier(executor).ontology().classes()).isEqualTo(o.classes());
                List<BufferedImage> images = ImageFiles.walk(shapes.input.resolve("red_circle")).stream()
                        .map(ImageDecoder.defaults()::decode).toList();
                List<Classifications> want = BaseModels.classifier(driver).predictBatch(images, 0.0);
                List<Classifications> got = BaseModels.classifier(executor).predictBatch(images, 0.0);
                for (int i = 0; i < want.size(); i++) {
                    for (int c = 0; c < o.classes().size(); c++) {
                        assertThat(got.get(i).distribution()[c]).isCloseTo(want.get(i).distribution()[c], within(1e-6f));
                    }
                }
            }
        }
    }
}
