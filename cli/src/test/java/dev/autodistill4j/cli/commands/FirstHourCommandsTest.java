package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #26: what tripped a new user in the first hour, with the test-colour provider (no fixtures needed). */
class FirstHourCommandsTest {
    @TempDir
    Path tmp;
    Path images;
    Path ontology;

    @BeforeEach
    void setUp() throws Exception {
        images = tmp.resolve("images");
        for (int i = 0; i < 4; i++) {
            FrameworkCommandsTest.solid(images.resolve("red" + i + ".png"), 0xFF0000);
            FrameworkCommandsTest.solid(images.resolve("blue" + i + ".png"), 0x0000FF);
        }
        ontology = tmp.resolve("ontology.yaml");
        Files.writeString(ontology, "red: red\nblue: blue\ngreen: green\n");
    }

    private CliRun label(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("label", "--model", "test-colour", "--ontology",
                ontology.toString(), "--input", images.toString(), "--output", out.toString(), "--seed", "3"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Item 3: every split holds every class folder, so ImageFolder numbers classes alike; classes.txt says how. */
    @Test
    void everySplitHasEveryClassFolderAndClassesTxtGivesTheOneOrder() throws Exception {
        Path out = tmp.resolve("out");
        CliRun r = label(out);
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> order = Files.readAllLines(out.resolve("classes.txt"));
        assertThat(order).containsExactly("blue", "green", "red");
        for (String split : List.of("train", "valid", "test")) {
            try (Stream<Path> s = Files.list(out.resolve(split))) {
                // torchvision's ImageFolder: sorted sub-folder names are the class indices
                assertThat(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList())
                        .as(split).isEqualTo(order);
            }
        }
        assertThat(Files.readString(out.resolve("data.yaml"))).contains("train: train\n", "val: valid\n",
                "test: test\n", "nc: 3\n", "  0: \"blue\"\n", "  1: \"green\"\n", "  2: \"red\"\n");
        CliRun stats = CliRun.of("dataset", "stats", out.toString());
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("\"total\":8");
        CliRun overwrite = label(out, "--overwrite", "--split", "0.5,0.5");
        assertThat(overwrite.exitCode()).as(overwrite.err()).isZero();
        assertThat(out.resolve("test")).doesNotExist();
        assertThat(Files.readString(out.resolve("data.yaml"))).doesNotContain("test:");
    }

    /** Item 9: changed settings are refused before the model loads (here: a model that cannot load at all). */
    @Test
    void labelRefusesChangedSettingsBeforeLoadingTheModel() {
        Path out = tmp.resolve("out");
        assertThat(label(out).exitCode()).isZero();
        CliRun changed = CliRun.of("label", "--model", "metaclip:" + tmp.resolve("no-such-checkpoint"), "--ontology",
                ontology.toString(), "--input", images.toString(), "--output", out.toString(), "--seed", "3",
                "--confidence", "0.9");
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).startsWith("error: ").contains("other settings (confidence");
    }

    /** Item 5: embed --images shows progress (count, rate, ETA) on stderr, results stay on stdout. */
    @Test
    void embedImagesShowsProgressOnStderr() {
        CliRun r = CliRun.of("embed", "--model", "test-colour", "--images", images.toString(), "--batch", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json()).hasSize(8);
        assertThat(r.err()).contains("embed 8/8 (100.0%)");
    }
}
