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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A COCO {@code file_name} that no file system can name (a NUL byte) is that image entry's own error, counted,
 * never a crash of the run; the other images are named (issue #19: COCO {@code file_name} surfaces).
 */
class CocoFileNamesTest {
    @TempDir
    Path tmp;

    @Test
    void aFileNameThatIsNotAPathIsRefusedAlone() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
        Path coco = Files.writeString(tmp.resolve("boxes.json"), """
                {"images": [{"id": 1, "file_name": "a.png"}, {"id": 2, "file_name": "x\\u0000y.png"},
                            {"id": 3, "file_name": "z\\u0000.png"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4]},
                                 {"id": 2, "image_id": 2, "category_id": 1, "bbox": [0, 0, 4, 4]}],
                 "categories": [{"id": 1, "name": "thing"}]}
                """);
        RegionLabelConfig config = RegionLabelConfig.builder().model("test-colour")
                .ontology(CaptionOntology.ofClasses(List.of("red", "blue"))).images(images).boxes(coco)
                .output(tmp.resolve("out")).build();
        RegionLabelRunner runner = new RegionLabelRunner(BaseModelRegistry.discover());
        RegionSummary s = runner.run(config, ProgressListener.NONE);
        assertThat(s.boxes()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(2);
        List<Map<String, Object>> records = RegionManifest.read(tmp.resolve("out").resolve(RegionManifest.FILE_NAME));
        assertThat(records).filteredOn(r -> r.get("error") != null).hasSize(2).allSatisfy(r -> assertThat(
                String.valueOf(r.get("error"))).contains("boxes.json").contains("not a valid path"));
        assertThat(records).extracting(r -> r.get("key")).doesNotHaveDuplicates();
        assertThat(runner.run(config, ProgressListener.NONE).resumed()).isEqualTo(3);
    }
}
