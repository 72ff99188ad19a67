package dev.autodistill4j.runtime.label;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.testing.ColourHistogramModel;
import dev.autodistill4j.testing.ColourHistogramProvider;
import dev.autodistill4j.datasets.ClassificationDataset;
import dev.autodistill4j.datasets.DatasetReader;
import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.Sha256;
import dev.autodistill4j.datasets.Split;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.autodistill4j.runtime.label.GeneratedImages.jpeg;
import static dev.autodistill4j.runtime.label.GeneratedImages.png;
import static dev.autodistill4j.runtime.label.GeneratedImages.solid;
import static dev.autodistill4j.runtime.label.GeneratedImages.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.map;

/** label() end to end with the test-colour model found through ServiceLoader, on generated images. */
class LabelRunnerTest {
    static final int RED = 0xE01010;
    static final int BLUE = 0x1020F0;
    static final int WHITE = 0xFFFFFF;
    /** Two prompts share each of red and blue; white scores 0.4/0.4/0.2 and so stays unlabeled at 0.5. */
    static final CaptionOntology ONTOLOGY = CaptionOntology.of(linked(
            "red", "red", "a red square", "red", "blue", "blue", "a blue square", "blue", "green", "green"));

    @TempDir
    Path tmp;
    Path in;
    int inputs;

    static Map<String, String> linked(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @BeforeEach
    void images() {
        in = tmp.resolve("in");
        for (int i = 0; i < 12; i++) {
            write(in.resolve("reds/r" + i + (i % 3 == 0 ? ".PNG" : ".png")), png(solid(8 + i, 6, RED)));
            write(in.resolve("blues/deep/b" + i + ".jpg"), jpeg(solid(10, 10 + i, BLUE)));
        }
        write(in.resolve("other/r0.PNG"), png(solid(5, 5, RED + 1))); // same name as reds/r0.PNG, other bytes
        for (int i = 0; i < 4; i++) {
            write(in.resolve("whites/w" + i + ".png"), png(solid(4 + i, 4, WHITE)));
        }
        write(in.resolve("notes.txt"), new byte[] {1});
        write(in.resolve(".hidden/x.png"), png(solid(3, 3, RED)));
        inputs = 12 + 12 + 1 + 4;
    }

    LabelConfig.Builder config(String out) {
        return LabelConfig.builder().model("test-colour").ontology(ONTOLOGY).input(in).output(tmp.resolve(out))
                .batchSize(5).seed(7);
    }

    static LabelSummary run(LabelConfig c) {
        return new LabelRunner(BaseModelRegistry.discover()).run(c, ProgressListener.NONE);
    }

    static Map<String, ManifestRecord> bySource(Path out) {
        return Manifest.read(out.resolve(Manifest.FILE_NAME)).stream()
                .collect(Collectors.toMap(ManifestRecord::source, Function.identity()));
    }

    static List<Path> filesUnder(Path out, String... tops) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String t : tops) {
            if (Files.isDirectory(out.resolve(t))) {
                try (Stream<Path> s = Files.walk(out.resolve(t))) {
                    s.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        return files;
    }

    @Test
    void writesTheLayoutManifestAndProvenance() throws Exception {
        int openBefore = ColourHistogramModel.openModels();
        List<long[]> progress = new ArrayList<>();
        LabelConfig c = config("out").build();
        LabelSummary s = new LabelRunner(BaseModelRegistry.discover()).run(c, (task, done, total) ->
                progress.add(new long[] {done, total}));
        Path out = c.output();

        assertThat(s.images()).isEqualTo(inputs);
        assertThat(s.labelled()).isEqualTo(25);
        assertThat(s.unlabeled()).isEqualTo(4);
        assertThat(s.failed()).isZero();
        assertThat(s.perClass()).containsEntry("red", 13).containsEntry("blue", 12).doesNotContainKey("green");
        assertThat(progress.get(progress.size() - 1)).containsExactly(inputs, inputs);
        assertThat(ColourHistogramModel.openModels()).as("the runner closes the model").isEqualTo(openBefore);

        Map<String, ManifestRecord> records = bySource(out);
        assertThat(records).hasSize(inputs);
        for (ManifestRecord r : records.values()) {
            Path src = Path.of(r.source());
            assertThat(src).isAbsolute().startsWith(in);
            assertThat(r.sha256()).isEqualTo(Sha256.of(src));
            assertThat(r.scores()).containsOnlyKeys("red", "blue", "green");
            assertThat(r.error()).isNull();
            Path copy = out.resolve(r.file());
            assertThat(Files.readAllBytes(copy)).as("byte-for-byte copy").isEqualTo(Files.readAllBytes(src));
            if (r.className() == null) {
                assertThat(r.file()).startsWith("unlabeled/");
                assertThat(r.split()).isNull();
                assertThat(r.confidence()).isLessThanOrEqualTo(0.5).isEqualTo(r.scores().get("red"), within());
            } else {
                assertThat(r.className()).isEqualTo(src.getParent().getFileName().toString().startsWith("blue")
                        || src.getParent().getFileName().toString().equals("deep") ? "blue" : "red");
                assertThat(r.confidence()).isGreaterThan(0.5).isEqualTo(r.scores().get(r.className()), within());
                assertThat(r.file()).startsWith(r.split() + "/" + r.className() + "/");
            }
        }
        ManifestRecord first = records.get(in.resolve("other/r0.PNG").toString());
        ManifestRecord second = records.get(in.resolve("reds/r0.PNG").toString());
        assertThat(first.file()).isNotEqualTo(second.file());
        if (first.split().equals(second.split())) {
            assertThat(second.file()).as("same name in one folder made unique").endsWith("/r0-2.PNG");
        }
        assertThat(filesUnder(out, "train", "valid", "test", "unlabeled")).hasSize(inputs);

        ClassificationDataset ds = DatasetReader.read(out);
        assertThat(ds.classes()).containsExactly("blue", "red");
        assertThat(ds.split(Split.TRAIN).size() + ds.split(Split.VALID).size() + ds.split(Split.TEST).size())
                .isEqualTo(25);

        @SuppressWarnings("unchecked") Map<String, Object> run = new ObjectMapper().readValue(out.resolve("run.json").toFile(), Map.class);
        assertThat(run.get("status")).isEqualTo("complete");
        assertThat(run.get("model")).isEqualTo("test-colour:default");
        assertThat(run.get("ontology")).isEqualTo(ONTOLOGY.asMap());
        assertThat(run.get("confidence")).isEqualTo(0.5);
        assertThat(run.get("seed")).isEqualTo(7);
        assertThat(run.get("split")).asInstanceOf(map(String.class, Object.class)).containsEntry("train", 0.7);
        assertThat(run.get("versions")).asInstanceOf(map(String.class, Object.class))
                .containsKeys("autodistill4j", "java");
        assertThat(run.get("modelInfo")).asInstanceOf(map(String.class, Object.class))
                .containsEntry("provider", "test-colour");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }

    @Test
    void splitIsDeterministicForASeed() {
        run(config("a").build());
        run(config("b").batchSize(3).decodeThreads(1).build());
        run(config("c").seed(8).build());
        Map<String, String> a = splits(tmp.resolve("a"));
        assertThat(splits(tmp.resolve("b"))).isEqualTo(a);
        assertThat(splits(tmp.resolve("c"))).isNotEqualTo(a);
        assertThat(new HashSet<>(a.values())).as("25 images reach more than one split").hasSizeGreaterThan(1);
    }

    private static Map<String, String> splits(Path out) {
        Map<String, String> m = new LinkedHashMap<>();
        bySource(out).forEach((k, v) -> m.put(k, String.valueOf(v.split())));
        return m;
    }

    @Test
    void resumesAfterACrashWithoutRelabellingOrDuplicates() throws Exception {
        LabelConfig crashing = config("out").build();
        try (BaseModel m = new ColourHistogramProvider().load(new ModelRequest(null, ONTOLOGY, null,
                Map.of("failAfter", "12")))) {
            assertThatThrownBy(() -> new LabelRunner(BaseModelRegistry.discover())
                    .run(crashing, (ClassificationBaseModel) m, ProgressListener.NONE))
                    .hasMessageContaining("simulated crash");
        }
        Path out = crashing.output();
        List<ManifestRecord> before = Manifest.read(out.resolve(Manifest.FILE_NAME));
        assertThat(before).hasSize(10); // two batches of 5 finished, the third died inside the model
        // a kill -9 while writing: a torn line, and a copy renamed into place without its manifest line
        Files.writeString(out.resolve(Manifest.FILE_NAME), "{\"source\":\"/x", StandardOpenOption.APPEND);

        LabelSummary s = run(config("out").build());
        assertThat(s.resumed()).isEqualTo(10);
        assertThat(s.images()).isEqualTo(inputs);
        List<ManifestRecord> after = Manifest.read(out.resolve(Manifest.FILE_NAME));
        assertThat(after).hasSize(inputs);
        assertThat(after.subList(0, 10)).isEqualTo(before);
        assertThat(after.stream().map(ManifestRecord::source).distinct().count()).isEqualTo(inputs);
        assertThat(filesUnder(out, "train", "valid", "test", "unlabeled")).hasSize(inputs);

        // a complete run re-run does nothing
        LabelSummary again = run(config("out").build());
        assertThat(again.resumed()).isEqualTo(inputs);
        assertThat(Manifest.read(out.resolve(Manifest.FILE_NAME))).hasSize(inputs);
    }

    @Test
    void adoptsACopyThatWasRenamedJustBeforeAKill() throws Exception {
        LabelConfig c = config("out").batchSize(100).build();
        run(c);
        Path out = c.output();
        // simulate: the last image's copy landed but its manifest line did not
        List<String> lines = Files.readAllLines(out.resolve(Manifest.FILE_NAME));
        Files.write(out.resolve(Manifest.FILE_NAME), lines.subList(0, lines.size() - 1));
        LabelSummary s = run(c);
        assertThat(s.resumed()).isEqualTo(inputs - 1);
        assertThat(filesUnder(out, "train", "valid", "test", "unlabeled")).hasSize(inputs);
        assertThat(Files.readAllLines(out.resolve(Manifest.FILE_NAME))).isEqualTo(lines);
    }

    @Test
    void overwriteStartsFreshAndChangedSettingsAreRefusedWithoutIt() throws Exception {
        run(config("out").build());
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> run(config("out").modelOptions(Map.of("delayMillis", "1")).build()))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining("modelOptions");
        Files.writeString(out.resolve("train/stray.txt"), "x");
        assertThatThrownBy(() -> run(config("out").confidence(0.9).build()))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining("confidence")
                .hasMessageContaining("`overwrite`");
        LabelSummary s = run(config("out").confidence(0.9).overwrite(true).build());
        assertThat(s.resumed()).isZero();
        assertThat(Manifest.read(out.resolve(Manifest.FILE_NAME))).hasSize(inputs);
        // owned means listed in the manifest (issue 19 item 4): a file someone added under train/ is kept
        assertThat(out.resolve("train/stray.txt")).hasContent("x");
    }

    @Test
    void refusesAForeignFolderEvenWithOverwriteAndTouchesNothing() throws Exception {
        Path foreign = tmp.resolve("photos");
        write(foreign.resolve("keep.jpg"), new byte[] {1, 2});
        assertThatThrownBy(() -> run(config("photos").overwrite(true).build()))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining("not an autodistill4j label output");
        assertThat(foreign.resolve("keep.jpg")).hasBinaryContent(new byte[] {1, 2});
        try (Stream<Path> s = Files.list(foreign)) {
            assertThat(s.count()).isEqualTo(1);
        }
    }

    @Test
    void outputInsideTheInputIsNotRelabelled() {
        LabelConfig c = LabelConfig.builder().model("test-colour").ontology(ONTOLOGY).input(in)
                .output(in.resolve("labelled")).build();
        run(c);
        LabelSummary second = run(c);
        assertThat(second.images()).isEqualTo(inputs);
    }

    @Test
    void hostileClassNameCannotLeaveTheOutputFolder() throws Exception {
        CaptionOntology evil = CaptionOntology.of(linked("red", "../../evil", "blue", "blue", "green", "green"));
        LabelConfig c = config("out").ontology(evil).build();
        LabelSummary s = run(c);
        assertThat(s.perClass()).containsEntry("../../evil", 13);
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("evil"))).isEmpty();
        }
        Set<String> tops = new HashSet<>();
        for (ManifestRecord r : Manifest.read(c.output().resolve(Manifest.FILE_NAME))) {
            assertThat(c.output().resolve(r.file()).normalize()).startsWith(c.output());
            if ("../../evil".equals(r.className())) {
                assertThat(r.file()).matches("(train|valid|test)/___\\.\\._evil/[^/]+");
            }
            tops.add(r.file().split("/")[0]);
        }
        assertThat(tops).isSubsetOf("train", "valid", "test", "unlabeled");
    }

    @Test
    void unknownProviderFailsBeforeTouchingTheOutput() {
        assertThatThrownBy(() -> run(config("out").model("nope").build())).isInstanceOf(Autodistill4jException.class)
                .hasMessageContaining("test-colour");
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThatThrownBy(() -> run(config("out").input(tmp.resolve("missing")).build()))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("is not a folder");
        assertThat(tmp.resolve("out")).doesNotExist();
    }
}
