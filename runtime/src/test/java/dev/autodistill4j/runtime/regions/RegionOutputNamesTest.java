package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Issue #19 items 2 and 6: the YOLO label file written for an image is derived from the image's name as the
 * file system's bytes, and must lie inside {@code --output} (after normalisation, by the real path of its
 * folder), else that image is refused with an error naming it; nothing outside the output is written.
 */
class RegionOutputNamesTest {
    @TempDir
    Path tmp;
    Path images;
    Path labels;
    Path out;

    @BeforeEach
    void folders() throws Exception {
        assumeThat(tmp.getFileSystem().getSeparator()).as("the separator is '/', so '\\' is a byte of a name")
                .isEqualTo("/");
        images = Files.createDirectories(tmp.resolve("images"));
        labels = Files.createDirectories(tmp.resolve("labels"));
        out = tmp.resolve("x/y/out");
    }

    void image(String relative) throws Exception {
        Path file = images.resolve(relative);
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, 0xFF0000);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    void boxes(String relative) throws Exception {
        Path file = labels.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "0 0.5 0.5 0.5 0.5\n");
    }

    RegionSummary run() {
        RegionLabelConfig config = RegionLabelConfig.builder().model("test-colour")
                .ontology(CaptionOntology.ofClasses(List.of("red", "blue"))).images(images).boxes(labels)
                .output(out).build();
        return new RegionLabelRunner(BaseModelRegistry.discover()).run(config, ProgressListener.NONE);
    }

    @Test
    void aNameSpellingDotDotWithBackslashesStaysOneNameInsideTheOutput() throws Exception {
        image("b/first.png"); // a first run makes labels/b/, through which '..' climbs on Linux
        boxes("b/first.txt");
        assertThat(run().failed()).isZero();
        String name = "b\\..\\..\\..\\..\\VICTIM";
        image(name + ".png");
        boxes(name + ".txt");
        Path victim = tmp.resolve("x/VICTIM.txt");
        Files.writeString(victim, "the user's notes\n");
        RegionSummary s = run();
        assertThat(victim).hasContent("the user's notes");
        assertThat(s.failed()).isZero();
        assertThat(out.resolve("labels").resolve(name + ".txt")).hasContent("0 0.5 0.5 0.5 0.5\n");
        assertThat(outputs()).containsExactlyInAnyOrder("labels/b/first.txt", "labels/" + name + ".txt");
    }

    @Test
    void aBackslashInANameIsNotAFolderOfTheLabels() throws Exception {
        image("sub/back\\slash.png");
        boxes("sub/back\\slash.txt");
        RegionSummary s = run();
        assertThat(s.failed()).isZero();
        assertThat(s.boxes()).as("the boxes of sub/back\\slash.txt were found").isEqualTo(1);
        assertThat(out.resolve("labels/sub/back\\slash.txt")).exists();
        assertThat(out.resolve("labels/sub/back")).doesNotExist();
        assertThat(outputs()).containsExactly("labels/sub/back\\slash.txt");
        for (String rel : outputs()) {
            assertThat(out.resolve(rel)).as("the manifest names a file that exists").isRegularFile();
        }
    }

    @Test
    void aLabelFolderLinkedOutOfTheOutputIsRefusedNamingTheImage() throws Exception {
        Path precious = firstRunAndAUsersFileElsewhere();
        Files.createSymbolicLink(out.resolve("labels/sub"), precious.getParent());
        image("sub/b.png");
        boxes("sub/b.txt");
        RegionSummary s = run();
        assertThat(precious).hasContent("keep me");
        assertThat(s.failed()).isEqualTo(1);
        List<Map<String, Object>> records = RegionManifest.read(out.resolve(RegionManifest.FILE_NAME));
        assertThat(records).filteredOn(r -> r.get("error") != null).singleElement()
                .satisfies(r -> assertThat(String.valueOf(r.get("error"))).contains("sub/b.png")
                        .contains("outside").contains(out.toString()));
    }

    @Test
    void aLabelsFolderThatIsALinkIsNotWrittenThrough() throws Exception {
        Path precious = firstRunAndAUsersFileElsewhere();
        Files.move(out.resolve("labels"), tmp.resolve("old-labels"));
        Files.createSymbolicLink(out.resolve("labels"), precious.getParent());
        image("b.png");
        boxes("b.txt");
        assertThat(run().failed()).isEqualTo(1);
        assertThat(precious).hasContent("keep me");
    }

    /** Names that are not UTF-8 (spelt through URIs, which carry bytes) and names with a newline round-trip. */
    @Test
    void namesThatAreNotTextPairWithTheirLabelsByteForByte() throws Exception {
        Path ff = rawName(images, "p%FF.png");
        Path fe = rawName(images, "p%FE.png");
        try {
            Files.copy(writePng(tmp.resolve("red.png")), ff);
            Files.copy(tmp.resolve("red.png"), fe);
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            assumeThat(false).as("the file system takes names that are not UTF-8: " + e).isTrue();
        }
        Files.writeString(rawName(labels, "p%FF.txt"), "0 0.5 0.5 0.5 0.5\n");
        Files.writeString(rawName(labels, "p%FE.txt"), "0 0.5 0.5 0.25 0.25\n");
        image("line\nbreak.png");
        boxes("line\nbreak.txt");
        RegionSummary s = run();
        assertThat(s.failed()).isZero();
        assertThat(s.images()).isEqualTo(3);
        assertThat(s.boxes()).as("every image found its own label file").isEqualTo(3);
        assertThat(Files.readString(rawName(out.resolve("labels"), "p%FF.txt"))).endsWith(" 0.5 0.5 0.5 0.5\n");
        assertThat(Files.readString(rawName(out.resolve("labels"), "p%FE.txt"))).endsWith(" 0.5 0.5 0.25 0.25\n");
        assertThat(out.resolve("labels/line\nbreak.txt")).exists();
        assertThat(outputs()).as("distinct, readable names in the manifest").containsExactlyInAnyOrder(
                "labels/line\nbreak.txt", "labels/p\uFFFDFF.txt", "labels/p\uFFFDFE.txt");
        assertThat(RegionManifest.read(out.resolve(RegionManifest.FILE_NAME))).extracting(r -> r.get("key"))
                .doesNotHaveDuplicates().hasSize(3);
        assertThat(RegionManifest.read(out.resolve(RegionManifest.FILE_NAME))).extracting(r -> r.get("image"))
                .doesNotHaveDuplicates().contains(images.resolve("line\nbreak.png").toString());
        assertThat(run().resumed()).isEqualTo(3);
    }

    static Path rawName(Path dir, String percentEncodedName) {
        return Path.of(java.net.URI.create(dir.toAbsolutePath().toUri() + percentEncodedName));
    }

    static Path writePng(Path file) throws Exception {
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        return file;
    }

    /** A finished first run (so the output is ours and resumes) and a user's {@code b.txt} outside it. */
    Path firstRunAndAUsersFileElsewhere() throws Exception {
        image("a.png");
        boxes("a.txt");
        assertThat(run().failed()).isZero();
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        return Files.writeString(elsewhere.resolve("b.txt"), "keep me\n");
    }

    List<String> outputs() {
        return RegionManifest.read(out.resolve(RegionManifest.FILE_NAME)).stream()
                .map(r -> (String) r.get("output")).filter(o -> o != null).toList();
    }
}
