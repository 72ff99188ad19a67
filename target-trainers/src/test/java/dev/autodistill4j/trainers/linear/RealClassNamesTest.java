package dev.autodistill4j.trainers.linear;

import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.testing.SyntheticDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #8 item 7: a model trained on a label output lists the ontology's class names, not the folder names. */
class RealClassNamesTest {
    @TempDir
    Path tmp;

    @Test
    void modelsListTheClassNamesTheLabelRunRecorded() throws Exception {
        Path ds = SyntheticDatasets.write(tmp.resolve("ds"), List.of("red", "yellow"), 6, 3, 0, 5);
        // what label writes for classes whose names are not safe folder names
        Files.writeString(ds.resolve("run.json"), "{\"tool\":\"autodistill4j label\",\"classFolders\":"
                + "{\"a/red thing\":\"red\",\"<script>yellow\":\"yellow\"}}");
        TrainingResult r = new LinearProbeTrainer().train(TrainingRequest.builder(ds, tmp.resolve("model"))
                .baseModel("colour-features").build());
        List<String> expected = List.of("<script>yellow", "a/red thing");
        assertThat(r.classes()).containsExactlyElementsOf(expected);
        assertThat(TargetModelDirectory.open(tmp.resolve("model")).classes()).containsExactlyElementsOf(expected);
    }

    @Test
    void aRunJsonOfAnotherToolDoesNotRenameClasses() throws Exception {
        Path ds = SyntheticDatasets.write(tmp.resolve("ds"), List.of("red", "yellow"), 6, 3, 0, 5);
        Files.writeString(ds.resolve("run.json"), "{\"tool\":\"other\",\"classFolders\":{\"x\":\"red\"}}");
        TrainingResult r = new LinearProbeTrainer().train(TrainingRequest.builder(ds, tmp.resolve("model"))
                .baseModel("colour-features").build());
        assertThat(r.classes()).containsExactly("red", "yellow");
    }
}
