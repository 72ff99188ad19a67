package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every numeric option of every command refuses NaN, infinities, overflow and negative values with one
 * {@code error:} line and exit code 2 — found from picocli's model, so an option added later is covered too.
 */
class NumericOptionsTest {
    private static final Set<Class<?>> NUMERIC = Set.of(int.class, Integer.class, long.class, Long.class,
            double.class, Double.class, float.class, Float.class);
    /** Options where any whole number is meaningful. */
    private static final Set<String> ANY_WHOLE_NUMBER = Set.of("--seed");

    static void assertOneErrorLine(CliRun r, String option) {
        assertThat(r.exitCode()).as(option + ": " + r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines().toList()).as(r.err()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("error: ").contains(option).doesNotContain("Exception");
        });
    }

    /** (command, option) for every numeric option, including list-valued ones such as --batches. */
    static List<String[]> numericOptions() {
        List<String[]> found = new ArrayList<>();
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            collect(sub.getCommandSpec(), found);
        }
        return found;
    }

    private static void collect(CommandSpec spec, List<String[]> found) {
        for (OptionSpec o : spec.options()) {
            Class<?> element = o.auxiliaryTypes().length > 0 ? o.auxiliaryTypes()[0] : o.type();
            if (NUMERIC.contains(o.type()) || NUMERIC.contains(element)) {
                found.add(new String[] {spec.qualifiedName(" "), o.longestName()});
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            collect(sub.getCommandSpec(), found);
        }
    }

    private static String[] args(String command, String option, String value) {
        List<String> a = new ArrayList<>(List.of(command.split(" ")));
        a.remove(0); // the root command's own name
        a.add(option + "=" + value);
        return a.toArray(String[]::new);
    }

    @Test
    void everyNumericOptionRefusesNonFiniteOverflowingAndNegativeValues() {
        List<String[]> options = numericOptions();
        assertThat(options).extracting(o -> o[0].replace("autodistill4j ", "") + " " + o[1])
                .contains("serve --port", "duplicates --threshold", "predict --confidence", "label --confidence",
                        "search --k", "train --epochs", "index --batch", "bench --batches")
                .hasSizeGreaterThan(35);
        List<String> failures = new ArrayList<>();
        for (String[] o : options) {
            List<String> bad = new ArrayList<>(List.of("NaN", "Infinity", "-Infinity", "1e400",
                    "99999999999999999999"));
            if (!ANY_WHOLE_NUMBER.contains(o[1])) {
                bad.add("-5");
            }
            for (String value : bad) {
                CliRun r = CliRun.of(args(o[0], o[1], value));
                try {
                    assertOneErrorLine(r, o[1]);
                } catch (AssertionError e) {
                    failures.add(o[0] + " " + o[1] + "=" + value + " -> exit " + r.exitCode() + ": " + r.err().strip());
                }
            }
        }
        assertThat(failures).as("options that accepted a bad value or failed without one error line").isEmpty();
    }

    @Test
    void outOfRangeValuesSayWhatIsExpected() {
        CliRun port = CliRun.of("serve", "--index", "/nonexistent", "--port", "99999");
        assertOneErrorLine(port, "--port");
        assertThat(port.err()).contains("99999").contains("0 to 65535").contains("serve --help");
        CliRun threshold = CliRun.of("duplicates", "--index", "/nonexistent", "--threshold", "NaN");
        assertOneErrorLine(threshold, "--threshold");
        assertThat(threshold.err()).contains("between -1 and 1");
        assertOneErrorLine(CliRun.of("duplicates", "--index", "/x", "--threshold", "1.5"), "--threshold");
        assertOneErrorLine(CliRun.of("predict", "--ontology", "o.yaml", "--confidence", "2", "x.jpg"),
                "--confidence");
        assertOneErrorLine(CliRun.of("predict", "--ontology", "o.yaml", "--batch", "0", "x.jpg"), "--batch");
        assertOneErrorLine(CliRun.of("index", "--model", "m", "--images", "i", "--index", "x", "--batch",
                "100000"), "--batch");
        assertOneErrorLine(CliRun.of("bench", "--batches", "8,0"), "--batches");
        assertOneErrorLine(CliRun.of("cluster", "--index", "x", "--k", "auto", "--k-min", "0"), "--k-min");
    }

    @Test
    void otherParameterErrorsAreOneLineToo() {
        assertOneErrorLine(CliRun.of("serve", "--port"), "--port");
        assertOneErrorLine(CliRun.of("serve", "--no-such-option", "--index", "x"), "--no-such-option");
        assertOneErrorLine(CliRun.of("predict", "x.jpg"), "x.jpg"); // --ontology is optional since #26 item 2
    }
}
