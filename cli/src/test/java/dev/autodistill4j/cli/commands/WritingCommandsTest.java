package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.cli.Main;
import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.datasets.review.ReviewLog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #19's ownership rule walked over the CLI's own command registry: every command that writes plants a
 * symbolic link where it would write (its lock file, its report, its output folder) pointing at a file or folder
 * of the user's, and must leave that victim untouched and fail with one {@code error:} line naming the path.
 * Every command of the registry must be classified here, so a new command cannot write unseen: one with an
 * output option ({@value #OUTPUT_OPTIONS_DOC}) must have a scenario.
 */
class WritingCommandsTest {
    static final String OUTPUT_OPTIONS_DOC = "--out, --output, --report, --work-dir";
    static final Set<String> OUTPUT_OPTIONS = Set.of("--out", "--output", "--report", "--work-dir");
    /** Commands that write nothing the user names (they print to stdout, or serve). */
    static final Set<String> READ_ONLY = Set.of("bench", "bench-curate", "bench-simd", "dataset stats", "duplicates",
            "embed", "models", "predict", "search", "serve");
    /** Writers without a scenario here, with the reason. */
    static final Map<String, String> EXEMPT = Map.of("bench-search", "writes its synthetic index into a fresh "
            + "temporary folder it creates itself under --work-dir (benchmarks only)");

    @TempDir
    Path tmp;

    /** What one command's scenario planted: its arguments, the path the error must name, and the victim. */
    record Planted(List<String> args, Path named, Path victim) {
    }

    @FunctionalInterface
    interface Scenario {
        Planted plant(Path dir) throws Exception;
    }

    @Test
    void everyCommandOfTheRegistryIsClassifiedAndEveryWriterHasAScenario() {
        Map<String, Set<String>> commands = leafCommands();
        Set<String> scenarios = scenarios().keySet();
        for (var e : commands.entrySet()) {
            String name = e.getKey();
            int classes = (READ_ONLY.contains(name) ? 1 : 0) + (EXEMPT.containsKey(name) ? 1 : 0)
                    + (scenarios.contains(name) ? 1 : 0);
            assertThat(classes).as("'%s' must be exactly one of READ_ONLY, EXEMPT or a writing scenario in %s",
                    name, getClass().getSimpleName()).isEqualTo(1);
            if (e.getValue().stream().anyMatch(OUTPUT_OPTIONS::contains)) {
                assertThat(READ_ONLY).as("'%s' has an output option, so it writes", name).doesNotContain(name);
            }
        }
        assertThat(commands.keySet()).as("every scenario names a real command").containsAll(scenarios);
    }

    @TestFactory
    Stream<DynamicTest> everyWriterRefusesALinkPlantedWhereItWrites() {
        return scenarios().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Path dir = Files.createDirectories(tmp.resolve(e.getKey().replace(' ', '-')));
            Planted p = e.getValue().plant(dir);
            String before = describe(p.victim());
            CliRun r = CliRun.of(p.args().toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err().lines().filter(l -> l.startsWith("error: "))).as(r.err()).singleElement()
                    .asString().contains(p.named().toString());
            assertThat(r.err()).doesNotContain("\tat ");
            assertThat(describe(p.victim())).as("the link's target is untouched").isEqualTo(before);
        }));
    }

    /** A victim file's content, or a victim folder's entries. */
    static String describe(Path victim) throws Exception {
        if (Files.isDirectory(victim)) {
            try (Stream<Path> s = Files.list(victim)) {
                return s.map(Path::toString).sorted().toList().toString();
            }
        }
        return Files.readString(victim);
    }

    /** Qualified name of every leaf command ("dataset balance") → its option names. */
    static Map<String, Set<String>> leafCommands() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        walk(Main.commandLine(), "", out);
        return out;
    }

    private static void walk(CommandLine c, String prefix, Map<String, Set<String>> out) {
        for (var e : c.getSubcommands().entrySet()) {
            String name = (prefix + " " + e.getKey()).strip();
            CommandLine sub = e.getValue();
            if (sub.getSubcommands().isEmpty()) {
                Set<String> options = new TreeSet<>();
                sub.getCommandSpec().options().forEach(o -> options.addAll(List.of(o.names())));
                out.put(name, options);
            } else {
                walk(sub, name, out);
            }
        }
    }

    Map<String, Scenario> scenarios() {
        Map<String, Scenario> s = new LinkedHashMap<>();
        s.put("label", d -> {
            Path out = Files.createDirectories(d.resolve("out"));
            Path victim = victimFile(d);
            Files.createSymbolicLink(out.resolve(OutputLock.FILE_NAME), victim);
            return new Planted(label(d, out), out, victim);
        });
        s.put("label-regions", d -> {
            Path out = Files.createDirectories(d.resolve("out"));
            Path victim = victimFile(d);
            Files.createSymbolicLink(out.resolve(OutputLock.FILE_NAME), victim);
            Path boxes = Files.createDirectories(d.resolve("boxes"));
            Files.writeString(boxes.resolve("red0.txt"), "0 0.5 0.5 1 1\n");
            return new Planted(List.of("label-regions", "--model", "test-colour", "--ontology",
                    ontology(d).toString(), "--images", images(d).toString(), "--boxes", boxes.toString(),
                    "--output", out.toString()), out, victim);
        });
        s.put("index", d -> {
            Path index = Files.createDirectories(d.resolve("index"));
            Path victim = victimFile(d);
            Files.createSymbolicLink(index.resolve(OutputLock.FILE_NAME), victim);
            return new Planted(index(d, index), index, victim);
        });
        s.put("curate", d -> {
            Path out = Files.createDirectories(d.resolve("out"));
            Path victim = victimFile(d);
            Files.createSymbolicLink(out.resolve(OutputLock.FILE_NAME), victim);
            Path meta = Files.writeString(d.resolve("m.json"), "[\"cat\"]");
            Path texts = Files.writeString(d.resolve("t.jsonl"), "{\"id\": 0, \"text\": \"a cat\"}\n");
            return new Planted(List.of("curate", "--metadata", meta.toString(), "--texts", texts.toString(), "--t",
                    "5", "--out", out.toString()), out, victim);
        });
        s.put("cluster", d -> {
            Path index = d.resolve("index");
            assertThat(CliRun.of(index(d, index).toArray(String[]::new)).exitCode()).isZero();
            Path out = Files.createDirectories(d.resolve("out"));
            Path victim = victimFile(d);
            Path link = Files.createSymbolicLink(out.resolve("clusters.json"), victim);
            return new Planted(List.of("cluster", "--index", index.toString(), "--k", "2", "--seed", "1", "--out",
                    out.toString()), link, victim);
        });
        s.put("evaluate", d -> {
            Path victim = victimFile(d);
            Path link = Files.createSymbolicLink(d.resolve("report.html"), victim);
            return new Planted(List.of("evaluate", "--model", "test-colour", "--data", truth(d).toString(),
                    "--report", link.toString()), link, victim);
        });
        s.put("compare", d -> {
            Path victim = victimFile(d);
            Path link = Files.createSymbolicLink(d.resolve("compare.html"), victim);
            return new Planted(List.of("compare", "--models", "test-colour", "--truth", truth(d).toString(),
                    "--report", link.toString()), link, victim);
        });
        s.put("dataset balance", d -> {
            Path ds = labelled(d);
            Path out = Files.createDirectories(d.resolve("balanced"));
            Path victim = victimFile(d);
            Files.createSymbolicLink(out.resolve("run.json"), victim);
            return new Planted(List.of("dataset", "balance", ds.toString(), "--t", "1", "--out", out.toString()),
                    out, victim);
        });
        s.put("review", d -> {
            Path ds = labelled(d);
            Path victim = victimFile(d);
            Path link = Files.createSymbolicLink(ReviewLog.of(ds), victim);
            Path replay = Files.writeString(d.resolve("replay.jsonl"), "");
            return new Planted(List.of("review", ds.toString(), "--replay", replay.toString()), link, victim);
        });
        s.put("train", d -> {
            Path victim = Files.createDirectories(d.resolve("victim-folder"));
            Path link = Files.createSymbolicLink(d.resolve("model"), victim);
            return new Planted(train(d, link), link, victim);
        });
        s.put("export", d -> {
            Path model = d.resolve("model");
            CliRun t = CliRun.of(train(d, model).toArray(String[]::new));
            assertThat(t.exitCode()).as(t.toString()).isZero();
            Path victim = Files.createDirectories(d.resolve("victim-folder"));
            Path link = Files.createSymbolicLink(d.resolve("export"), victim);
            return new Planted(List.of("export", "--model", "target:" + model, "--out", link.toString()), link,
                    victim);
        });
        return s;
    }

    static Path victimFile(Path d) throws Exception {
        return Files.writeString(d.resolve("victim.txt"), "precious: not the tool's");
    }

    static Path images(Path d) throws Exception {
        Path images = d.resolve("images");
        if (!Files.isDirectory(images)) {
            for (int i = 0; i < 2; i++) {
                FrameworkCommandsTest.solid(images.resolve("red" + i + ".png"), 0xFF0000);
                FrameworkCommandsTest.solid(images.resolve("blue" + i + ".png"), 0x0000FF);
            }
        }
        return images;
    }

    static Path ontology(Path d) throws Exception {
        return Files.writeString(d.resolve("ontology.yaml"), "red: red\nblue: blue\n");
    }

    /** A folder of class folders, as evaluate and compare take. */
    static Path truth(Path d) throws Exception {
        Path truth = d.resolve("truth");
        for (String c : List.of("red", "blue")) {
            FrameworkCommandsTest.solid(truth.resolve(c).resolve(c + ".png"), c.equals("red") ? 0xFF0000 : 0x0000FF);
        }
        return truth;
    }

    static List<String> label(Path d, Path out) throws Exception {
        return List.of("label", "--model", "test-colour", "--ontology", ontology(d).toString(), "--input",
                images(d).toString(), "--output", out.toString());
    }

    static Path labelled(Path d) throws Exception {
        Path ds = d.resolve("ds");
        CliRun r = CliRun.of(label(d, ds).toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return ds;
    }

    static List<String> index(Path d, Path index) throws Exception {
        return List.of("index", "--model", "test-colour", "--images", images(d).toString(), "--index",
                index.toString());
    }

    static List<String> train(Path d, Path out) throws Exception {
        Path ds = dev.autodistill4j.trainers.testing.SyntheticDatasets.write(d.resolve("synthetic"),
                List.of("blue", "green", "red"), 4, 2, 0, 21);
        List<String> args = new ArrayList<>(List.of("train", "--dataset", ds.toString(), "--target",
                "linear-probe", "--out", out.toString(), "--base-model", "colour-features", "--seed", "3"));
        return args;
    }
}
