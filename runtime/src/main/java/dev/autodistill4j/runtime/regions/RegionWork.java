package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.datasets.PathNames;
import dev.autodistill4j.datasets.SourceKey;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.runtime.label.PathContainment;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One unit of {@code label-regions} work: an image with the boxes to name, or a box file that failed before any
 * image could be matched (an orphan YOLO file, a COCO file that is not JSON).
 *
 * @param image      the image (null for a failed box file)
 * @param boxesFile  where its boxes come from
 * @param error      known before decoding (the record is just this error); null otherwise
 * @param loader     reads the boxes once the image size is known
 * @param outputFile YOLO label file to write, relative to the output folder, derived from the image's name as
 *                   the file system's bytes ({@code labels/<relative image path>.txt}); null for COCO
 */
record RegionWork(Path image, Path boxesFile, String error, Loader loader, Path outputFile) {

    /** Gives the boxes of the decoded image; throws {@link BoxFileException} when its box file cannot be read. */
    interface Loader {
        LoadedBoxes load(BufferedImage image);
    }

    /**
     * Resume key: the image, or the box file for errors that belong to no image. {@link SourceKey} keeps two
     * names that differ only in bytes that are not UTF-8 apart (and is the plain path for every other name).
     */
    String key() {
        return image != null ? "image:" + SourceKey.of(image) : "boxes:" + boxesFile;
    }

    /** The folder of the output that holds the YOLO label files. */
    static final String LABELS = "labels";

    static List<RegionWork> plan(RegionLabelConfig config) {
        return config.format() == BoxFormat.YOLO ? yolo(config) : coco(config);
    }

    private static List<RegionWork> yolo(RegionLabelConfig config) {
        Path boxes = config.boxes();
        int classCount = YoloBoxes.inputClassCount(boxes);
        List<RegionWork> work = new ArrayList<>();
        Set<Path> matched = new HashSet<>();
        for (Path img : ImageFiles.walk(config.images())) {
            Path rel = config.images().relativize(img);
            Path label = YoloBoxes.labelFileFor(boxes, rel);
            Path out = Path.of(LABELS).resolve(PathNames.withExtension(rel, ".txt"));
            if (label == null) {
                work.add(new RegionWork(img, null, null, image -> LoadedBoxes.none(), out));
            } else {
                matched.add(label.toAbsolutePath().normalize());
                work.add(new RegionWork(img, label, null, image -> YoloBoxes.read(label, image.getWidth(),
                        image.getHeight(), classCount), out));
            }
        }
        for (Path txt : textFiles(boxes)) {
            if (!matched.contains(txt.toAbsolutePath().normalize())) {
                work.add(new RegionWork(null, txt.toAbsolutePath().normalize(), txt + ": no image in "
                        + config.images() + " has this name, so its boxes were not named", null, null));
            }
        }
        return work;
    }

    private static List<Path> textFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".txt"))
                    .filter(p -> !p.getFileName().toString().equals(YoloBoxes.CLASSES_FILE))
                    .filter(p -> !dir.relativize(p).toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new RegionConfigException("cannot list `boxes` " + dir + ": " + e.getMessage());
        }
    }

    private static List<RegionWork> coco(RegionLabelConfig config) {
        CocoBoxes.Parsed parsed;
        try {
            parsed = CocoBoxes.read(config.boxes());
        } catch (BoxFileException e) {
            return List.of(new RegionWork(null, config.boxes(), e.getMessage(), null, null));
        }
        List<RegionWork> work = new ArrayList<>();
        Path root = PathContainment.real(config.images());
        for (CocoBoxes.Image im : parsed.images()) {
            Path img;
            try {
                img = config.images().resolve(im.fileName()).normalize();
            } catch (InvalidPathException e) {
                // its own key: an entry with no image path must still resume as done, apart from the others
                work.add(new RegionWork(null, config.boxes().resolveSibling(config.boxes().getFileName() + "#image"
                        + im.id()), config.boxes() + ": image " + im.id() + ": file_name is not a valid path ("
                        + e.getReason() + "): not read", null, null));
                continue;
            }
            String error = im.error();
            if (error == null && (!img.startsWith(config.images()) || !PathContainment.real(img.getParent())
                    .startsWith(root))) {
                error = config.boxes() + ": file_name '" + im.fileName() + "' leaves the `images` folder "
                        + config.images() + " (through '..', an absolute path or a linked folder): not read";
            } else if (error == null && !Files.isRegularFile(img)) {
                error = config.boxes() + ": image '" + im.fileName() + "' is not in " + config.images();
            }
            work.add(new RegionWork(img, config.boxes(), error, image -> {
                int w = image.getWidth();
                int h = image.getHeight();
                if (im.width() > 0 && im.height() > 0 && (im.width() != w || im.height() != h)) {
                    throw new BoxFileException(config.boxes() + ": image '" + im.fileName() + "' is " + w + "x" + h
                            + " but the file says " + im.width() + "x" + im.height());
                }
                return insideImage(im, w, h, config.boxes());
            }, null));
        }
        for (int i = 0; i < parsed.fileErrors().size(); i++) {
            // one record per orphan annotation; the key makes each unique and resumable
            work.add(new RegionWork(null, config.boxes().resolveSibling(config.boxes().getFileName() + "#orphan" + i),
                    parsed.fileErrors().get(i), null, null));
        }
        return work;
    }

    /** The image's boxes, less those that leave the decoded image (possible when the file declares no size). */
    private static LoadedBoxes insideImage(CocoBoxes.Image im, int width, int height, Path file) {
        List<RegionBox> inside = new ArrayList<>();
        List<String> skipped = new ArrayList<>(im.skipped());
        for (RegionBox b : im.boxes()) {
            if (b.x() + b.width() > width + 1 || b.y() + b.height() > height + 1) {
                skipped.add(file + ": annotation " + b.annotationId() + " (image " + im.fileName() + "): bbox ["
                        + b.x() + ", " + b.y() + ", " + b.width() + ", " + b.height() + "] leaves the " + width + "x"
                        + height + " image");
            } else {
                inside.add(new RegionBox(inside.size(), b.x(), b.y(), b.width(), b.height(), b.originalClass(), null,
                        b.annotationId()));
            }
        }
        return new LoadedBoxes(inside, skipped);
    }
}
