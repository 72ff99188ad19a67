package dev.autodistill4j.spark.cli;

import dev.autodistill4j.cli.Main;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Main class of the job jar for {@code spark-submit --class dev.autodistill4j.spark.cli.SparkJobMain
 * autodistill4j-spark.jar embed|label|index|curate …}: the CLI's {@code spark} command, with the master,
 * executors and resources taken from spark-submit.
 */
public final class SparkJobMain {
    private SparkJobMain() {
    }

    public static void main(String[] args) {
        String[] full = Stream.concat(Stream.of("spark"), Arrays.stream(args)).toArray(String[]::new);
        System.exit(Main.execute(full));
    }
}
