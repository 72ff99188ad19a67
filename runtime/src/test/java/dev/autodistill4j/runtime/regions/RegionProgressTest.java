package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One image with many boxes shows progress while its boxes are named (issue #19 item 14: 20,000 boxes on one
 * image printed nothing for minutes): after every crop batch, in boxes of that image, before the image itself
 * counts as done.
 */
class RegionProgressTest {
    @TempDir
    Path tmp;

    record Update(String task, long done, long total) {
    }

    @Test
    void anImageWithManyBoxesReportsEveryCropBatch() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
        Path labels = Files.createDirectories(tmp.resolve("labels"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            lines.append("0 0.5 0.5 0.25 0.25\n");
        }
        Files.writeString(labels.resolve("a.txt"), lines);
        List<Update> updates = new ArrayList<>();
        ProgressListener recorder = (task, done, total) -> updates.add(new Update(task, done, total));
        RegionLabelConfig config = RegionLabelConfig.builder().model("test-colour")
                .ontology(CaptionOntology.ofClasses(List.of("red", "blue"))).images(images).boxes(labels)
                .output(tmp.resolve("out")).batchSize(8).build();
        RegionSummary summary = new RegionLabelRunner(BaseModelRegistry.discover()).run(config, recorder);
        assertThat(summary.boxes()).isEqualTo(100);

        List<Update> boxes = updates.stream().filter(u -> u.task().equals("label-regions boxes")).toList();
        assertThat(boxes).extracting(Update::done).containsExactly(8L, 16L, 24L, 32L, 40L, 48L, 56L, 64L, 72L, 80L,
                88L, 96L, 100L);
        assertThat(boxes).allSatisfy(u -> assertThat(u.total()).isEqualTo(100));
        int lastBox = updates.lastIndexOf(boxes.get(boxes.size() - 1));
        int imageDone = updates.indexOf(new Update(RegionLabelRunner.TASK, 1, 1));
        assertThat(lastBox).as("the boxes are reported while the image is in flight").isLessThan(imageDone);
    }
}
