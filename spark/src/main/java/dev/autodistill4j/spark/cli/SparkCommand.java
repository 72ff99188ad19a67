package dev.autodistill4j.spark.cli;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code autodistill4j spark embed|label|index|curate}: the label, embed and curate jobs on Apache Spark, for
 * collections one machine cannot finish. Found by the CLI through {@code META-INF/services} when the spark module
 * is on the class path; the same commands run under {@code spark-submit} through {@link SparkJobMain}.
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Label or embed images, or curate alt-texts, on Apache Spark (local[N] on one machine, or a "
                + "cluster via spark-submit).",
                "See docs/spark.md."},
        subcommands = {SparkEmbedCommand.class, SparkLabelCommand.class, SparkIndexCommand.class,
                SparkCurateCommand.class})
public final class SparkCommand implements CliCommand {
    @Spec
    CommandSpec spec;

    /** The invocation's one model registry (the CLI's injector); the subcommands load their driver model from it. */
    @jakarta.inject.Inject
    jakarta.inject.Provider<dev.autodistill4j.runtime.models.BaseModelRegistry> registry;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 0;
    }

    /** The registry the subcommands load through (picocli makes them; Guice injected this command). */
    dev.autodistill4j.runtime.models.BaseModelRegistry registry() {
        return registry.get();
    }

    /** Spark itself is 'provided': say how to get it instead of failing with NoClassDefFoundError. */
    static void requireSpark() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkCommand.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new Autodistill4jException("Apache Spark is not on the class path: run './autodistill4j spark …' "
                    + "from a checkout built with 'mvn -DskipTests -pl spark -am package' (it adds "
                    + "spark/target/spark-lib), or submit spark/target/autodistill4j-spark.jar with spark-submit "
                    + "(docs/spark.md)");
        }
    }
}
