package dev.autodistill4j.cli;

import dev.autodistill4j.search.LuceneVectorization;
import dev.autodistill4j.search.VectorSimilarity;
import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.runtime.inject.Autodistill4jModule;
import dev.autodistill4j.trainers.inject.TargetTrainersModule;
import com.google.inject.Injector;
import com.google.inject.Guice;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.spi.NamedServices;
import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.cli.support.SettingFlags;
import picocli.CommandLine;
import picocli.CommandLine.Command;


/**
 * Entry point of {@code ./autodistill4j}. Results go to stdout as JSON lines; progress and errors go to
 * stderr, so {@code ./autodistill4j predict ... | jq} always sees clean JSON.
 */
@Command(name = "autodistill4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Label images with a foundation model (MetaCLIP) and distil them into small target models.")
public final class Main implements Runnable {
    private static final String SPARK = "spark";
    /** The optional spark module is not on the class path: say how to get it (one line, exit 2). */
    static final String SPARK_MISSING = "error: the 'spark' command needs the optional spark module and Apache Spark,"
            + " which this installation does not have: build it with 'mvn -q -DskipTests -pl spark -am package', then"
            + " run './autodistill4j spark …' (it adds Spark's jars), or submit spark/target/autodistill4j-spark.jar"
            + " with spark-submit (docs/spark.md)";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        // one object graph per invocation: commands get the model registry, the trainers and the runners from it
        // (field injection); nothing else in the invocation discovers providers or trainers
        Injector injector = Guice.createInjector(new Autodistill4jModule(), new TargetTrainersModule());
        for (CliCommand command : NamedServices.load(CliCommand.class,
                loader != null ? loader : Main.class.getClassLoader(), "command").all()) {
            injector.injectMembers(command);
            cl.addSubcommand(command);
        }
        NumericOptions.registerDefaults(cl); // after the subcommands: picocli copies converters to those it has
        cl.registerConverter(Device.class, text -> typed(text, Device::parse)); // one parser for every --device
        cl.registerConverter(VectorSimilarity.class, text -> typed(text, VectorSimilarity::parse));
        SettingFlags flags = SettingFlags.of(cl); // library messages name setting keys; the user typed flags
        cl.setParameterExceptionHandler((ex, args) -> usageError(ex, flags));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof Autodistill4jException) {
                commandLine.getErr().println("error: " + flags.render(ex.getMessage()));
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    /** A typed setting's own parser, its message kept as picocli's one-line conversion error. */
    private static <T> T typed(String text, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (Autodistill4jException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /**
     * A wrong option or argument: one {@code error:} line naming it and pointing at the command's help, exit 2,
     * rather than picocli's default of the whole usage text, which buries the one line that matters.
     */
    private static int usageError(CommandLine.ParameterException ex, SettingFlags flags) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("error: " + flags.render(ex.getMessage().strip().replace('\n', ' '))
                + " (see: " + cl.getCommandSpec().qualifiedName() + " --help)");
        cl.getErr().flush();
        return 2;
    }

    /** Runs the CLI and returns the exit code (used by tests, which must not call System.exit). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        if (args.length > 0 && SPARK.equals(args[0]) && !cl.getSubcommands().containsKey(SPARK)) {
            cl.getErr().println(SPARK_MISSING);
            return 2;
        }
        return cl.execute(args);
    }

    public static void main(String[] args) {
        LuceneVectorization.quietStartupNotice();
        System.exit(execute(args));
    }
}
