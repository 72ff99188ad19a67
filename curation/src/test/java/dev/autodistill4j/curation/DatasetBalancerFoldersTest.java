package dev.autodistill4j.curation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.datasets.ClassificationDataset;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.DatasetReader;
import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #19 item 9: {@code dataset balance} on a {@code label} output whose class names collided or were
 * sanitised keeps every class in its own folder and records the mapping ({@code classFolders} in run.json),
 * so a reader (and so {@code train}) names the classes as the ontology did, not {@code a_b-2}.
 */
class DatasetBalancerFoldersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A label output of the ontology ["a_b", "a/b", "con"]: folders a_b, a_b-2 and con_ (label's mapping). */
    Path labelOutput() throws Exception {
        Path src = tmp.resolve("labelled");
        Map<String, String> folders = new java.util.LinkedHashMap<>();
        folders.put("a_b", "a_b");
        folders.put("a/b", "a_b-2");
        folders.put("con", "con_");
        Files.createDirectories(src);
        Files.writeString(src.resolve(LabelOutputFolder.RUN_JSON), JSON.writeValueAsString(Map.of(
                "tool", LabelOutputFolder.TOOL, "classFolders", folders)));
        for (Map.Entry<String, String> e : folders.entrySet()) {
            for (int i = 0; i < 3; i++) {
                Path f = src.resolve("train").resolve(e.getValue()).resolve(i + ".png");
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getKey() + " image " + i);
            }
        }
        return src;
    }

    @Test
    void classesKeepTheirFoldersAndNamesThroughBalance() throws Exception {
        Path src = labelOutput();
        assertThat(DatasetReader.read(src).classes()).containsExactly("a/b", "a_b", "con");
        Path out = tmp.resolve("balanced");
        DatasetBalancer.balance(new DatasetBalancer.Settings(src, out, 100, 1, false), (task, done, total) -> { });

        ClassificationDataset balanced = DatasetReader.read(out);
        assertThat(balanced.classes()).as("the ontology's names, as train will read them")
                .containsExactly("a/b", "a_b", "con");
        assertThat(contentByClass(balanced)).isEqualTo(contentByClass(DatasetReader.read(src)));
        for (String folder : List.of("a_b", "a_b-2", "con_")) {
            assertThat(out.resolve("train").resolve(folder)).as("the class stays in its own folder")
                    .isDirectoryContaining(p -> p.getFileName().toString().equals("0.png"));
        }
        assertThat(Files.readString(out.resolve("train/a_b-2/0.png"))).isEqualTo("a/b image 0");
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(run.get("classFolders").get("a/b").asText()).isEqualTo("a_b-2");
        assertThat(run.get("classFolders").get("a_b").asText()).isEqualTo("a_b");
        assertThat(run.get("classFolders").get("con").asText()).isEqualTo("con_");

        Path twice = tmp.resolve("twice");
        DatasetBalancer.balance(new DatasetBalancer.Settings(out, twice, 100, 1, false), (task, done, total) -> { });
        assertThat(DatasetReader.read(twice).classes()).as("a balance of a balance too")
                .containsExactly("a/b", "a_b", "con");
    }

    static Map<String, List<String>> contentByClass(ClassificationDataset ds) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        for (DatasetItem item : ds.split(Split.TRAIN)) {
            out.computeIfAbsent(item.label(), k -> new java.util.ArrayList<>()).add(Files.readString(item.image()));
        }
        out.values().forEach(l -> l.sort(null));
        return out.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue,
                (a, b) -> a, TreeMap::new));
    }
}
