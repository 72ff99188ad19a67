package dev.autodistill4j.trainers.data;

import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.datasets.ClassificationDataset;
import dev.autodistill4j.datasets.DatasetReader;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads datasets through the framework's {@link DatasetReader} (label() output, ImageFolder, YOLO-cls) and adds
 * what trainers need on top: in a dataset another tool made, an empty class folder is an error rather than
 * silently dropped — a class with no images would shift every later class id and make a model that can never
 * predict it. A {@code label} output has every class folder in every split by design (empty where no image went,
 * see {@link dev.autodistill4j.datasets.ClassIndex}); there the classes are those with images, as before.
 */
public final class ImageFolderReader {

    private ImageFolderReader() {
    }

    public static boolean isImage(Path p) {
        return ImageFiles.isImage(p);
    }

    /** Reads a dataset (split folders, or plain class folders which all count as {@code train}). */
    public static ClassificationDataset read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new TrainingDataException("dataset folder " + root + " does not exist: give the output folder of "
                    + "'label' or an ImageFolder/YOLO-cls dataset with train/ and valid/ folders");
        }
        ClassificationDataset ds;
        try {
            ds = DatasetReader.read(root);
        } catch (dev.autodistill4j.datasets.DatasetException e) {
            throw new TrainingDataException(e.getMessage());
        }
        if (!LabelOutputFolder.isOurs(ds.root())) {
            requireNoEmptyClassFolders(ds.root(), hasSplitFolders(ds.root()));
        }
        return ds;
    }

    /** Reads a folder whose sub-folders are classes (the truth for evaluation) as a TEST-only dataset. */
    public static ClassificationDataset readTruthFolder(Path root) {
        if (!Files.isDirectory(root)) {
            throw new TrainingDataException("evaluation folder " + root + " does not exist: give `data` a dataset "
                    + "(its test/ split is used) or a folder with one sub-folder per class");
        }
        ClassificationDataset ds = read(root);
        List<DatasetItem> items = ds.split(Split.TRAIN).stream()
                .map(i -> new DatasetItem(i.image(), i.label(), Split.TEST)).toList();
        return new ClassificationDataset(ds.root(), ds.classes(), Map.of(Split.TEST, items));
    }

    /** True when {@code dir} has train/valid/val/test folders rather than class folders. */
    public static boolean hasSplitFolders(Path dir) {
        for (Path c : children(dir)) {
            if (Files.isDirectory(c) && Split.fromFolderName(c.getFileName().toString()) != null) {
                return true;
            }
        }
        return false;
    }

    private static void requireNoEmptyClassFolders(Path root, boolean splits) {
        List<Path> parents = splits ? children(root).stream().filter(Files::isDirectory)
                .filter(c -> Split.fromFolderName(c.getFileName().toString()) != null).toList() : List.of(root);
        for (Path parent : parents) {
            for (Path classDir : children(parent)) {
                String name = classDir.getFileName().toString();
                if (!Files.isDirectory(classDir) || name.startsWith(".") || name.equals("unlabeled")) {
                    continue;
                }
                try (Stream<Path> s = Files.walk(classDir)) {
                    if (s.noneMatch(p -> Files.isRegularFile(p) && ImageFiles.isImage(p))) {
                        throw new TrainingDataException("class folder " + classDir + " contains no images: add images "
                                + "of '" + name + "' or delete the folder");
                    }
                } catch (IOException e) {
                    throw new TrainingDataException("cannot list " + classDir + ": " + e.getMessage());
                }
            }
        }
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new TrainingDataException("cannot list " + dir + ": " + e.getMessage());
        }
    }
}
