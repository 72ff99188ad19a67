package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {
    @TempDir
    Path dir;

    private static ManifestRecord labelled(String source) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("cat", 0.75);
        scores.put("dog", 0.25);
        return new ManifestRecord(source, "ab", "train", "cat", 0.75, scores, "train/cat/x.jpg", null);
    }

    @Test
    void appendsOneLinePerRecordWithTheIssueFields() throws Exception {
        Path f = dir.resolve(Manifest.FILE_NAME);
        try (Manifest m = Manifest.openForAppend(f)) {
            m.append(labelled("/in/a.jpg"));
            m.append(ManifestRecord.failed("/in/b.jpg", null, "not an image"));
            m.append(new ManifestRecord("/in/c.jpg", "cd", null, null, 0.4, Map.of("cat", 0.4), "unlabeled/c.jpg", null));
        }
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("{\"source\":\"/in/a.jpg\",\"sha256\":\"ab\",\"split\":\"train\",\"class\":\"cat\","
                + "\"confidence\":0.75,\"scores\":{\"cat\":0.75,\"dog\":0.25},\"file\":\"train/cat/x.jpg\"}");
        assertThat(lines.get(1)).contains("\"class\":null").contains("\"error\":\"not an image\"");
        List<ManifestRecord> back = Manifest.read(f);
        assertThat(back.get(0)).isEqualTo(labelled("/in/a.jpg"));
        assertThat(back.get(1).isError()).isTrue();
        assertThat(back.get(2).isUnlabeled()).isTrue();
    }

    @Test
    void tornLastLineIsIgnoredAndCutOffBeforeAppending() throws Exception {
        Path f = dir.resolve(Manifest.FILE_NAME);
        try (Manifest m = Manifest.openForAppend(f)) {
            m.append(labelled("/in/a.jpg"));
        }
        Files.writeString(f, "{\"source\":\"/in/b.jp", StandardOpenOption.APPEND);
        assertThat(Manifest.read(f)).hasSize(1);
        try (Manifest m = Manifest.openForAppend(f)) {
            m.append(labelled("/in/c.jpg"));
        }
        assertThat(Manifest.read(f)).extracting(ManifestRecord::source).containsExactly("/in/a.jpg", "/in/c.jpg");
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).doesNotContain("b.jp");
    }

    @Test
    void completeLastRecordWithoutNewlineIsKept() throws Exception {
        Path f = dir.resolve(Manifest.FILE_NAME);
        Files.writeString(f, "{\"source\":\"/in/a.jpg\",\"class\":null}");
        try (Manifest m = Manifest.openForAppend(f)) {
            m.append(labelled("/in/c.jpg"));
        }
        assertThat(Manifest.read(f)).extracting(ManifestRecord::source).containsExactly("/in/a.jpg", "/in/c.jpg");
    }

    @Test
    void corruptLineInTheMiddleIsReportedWithItsNumber() throws Exception {
        Path f = dir.resolve(Manifest.FILE_NAME);
        Files.writeString(f, "{\"source\":\"/a\"}\nnot json\n{\"source\":\"/b\"}\n");
        assertThatThrownBy(() -> Manifest.read(f)).isInstanceOf(DatasetReadException.class)
                .hasMessageContaining("line 2").hasMessageContaining("`overwrite`");
    }
}
