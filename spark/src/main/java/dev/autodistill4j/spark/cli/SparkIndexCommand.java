package dev.autodistill4j.spark.cli;

import dev.autodistill4j.search.VectorSimilarity;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.search.IndexSettings;
import dev.autodistill4j.spark.job.ParquetIndexer;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/** {@code spark index}: a Lucene search index from the embed job's table, without embedding again. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Build or update a search index (as 'index' does) from the Parquet table of 'spark embed'.",
                "No image is embedded again; rows with an error are skipped and counted."})
public final class SparkIndexCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions job;

    @Option(names = "--from-parquet", required = true, paramLabel = "TABLE", description = "The embed job's --output.")
    String parquet;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder (created if new).")
    Path index;

    @Option(names = "--similarity", defaultValue = "dot_product",
            description = "dot_product or cosine, for a new index (default: ${DEFAULT-VALUE}).")
    VectorSimilarity similarity;

    @Option(names = "--hnsw-m", defaultValue = "16", description = "HNSW max connections M, new index (default: ${DEFAULT-VALUE}).")
    int hnswM;

    @Option(names = "--hnsw-ef-construction", defaultValue = "100",
            description = "HNSW beam width at build, new index (default: ${DEFAULT-VALUE}).")
    int efConstruction;

    @Option(names = "--ef-search", defaultValue = "100",
            description = "Default HNSW candidates per query, new index (default: ${DEFAULT-VALUE}).")
    int efSearch;

    @Override
    public void run() {
        IndexSettings settings = new IndexSettings(similarity, hnswM, efConstruction, efSearch);
        SparkSession spark = job.start("autodistill4j spark index");
        new JsonLines(spec.commandLine().getOut()).write(ParquetIndexer.index(spark, parquet, index, settings));
    }
}
