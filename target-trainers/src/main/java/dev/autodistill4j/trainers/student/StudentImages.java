package dev.autodistill4j.trainers.student;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.data.ImageFolderReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The images a student learns from: every image below the folder — labels are not needed, so a {@code label}
 * output (its {@code unlabeled/} images too), an ImageFolder or a plain folder all work — except a dataset's
 * {@code test/} split, kept for evaluation, and the output folder when it lies inside. Sorted by relative
 * path, so the order (and with it the cache and the seed's meaning) does not depend on the file system.
 */
final class StudentImages {
    /** Fewer images than this cannot hold out any for the valid cosine. */
    static final int MIN_IMAGES = 4;

    private StudentImages() {
    }

    static List<Path> list(Path root, Path out) {
        if (!Files.isDirectory(root)) {
            throw new TrainingException("image folder " + root + " does not exist: give `dataset` a folder of "
                    + "images (a label output, an ImageFolder or any folder; no labels are needed)");
        }
        List<Path> all;
        try {
            all = ImageFiles.walk(root, Files.isDirectory(out) ? out.toRealPath() : null);
        } catch (Autodistill4jException | IOException e) {
            throw new TrainingException("cannot list the images in " + root + ": " + e.getMessage(), e);
        }
        boolean splits = ImageFolderReader.hasSplitFolders(root);
        List<Path> kept = all.stream()
                .filter(p -> !(splits && root.relativize(p).getName(0).toString().equals("test")))
                .toList();
        if (kept.size() < MIN_IMAGES) {
            throw new TrainingException("image folder " + root + " has " + kept.size() + " usable image(s) (test/ "
                    + "is kept for evaluation): a student needs at least " + MIN_IMAGES + "; add images");
        }
        return kept;
    }

    /** Every tenth image (from the sixth) is held out to measure the cosine to the teacher, when there are 20+. */
    static boolean heldOut(int index, int count) {
        return count >= 20 && index % 10 == 5;
    }
}
