package dev.autodistill4j.trainers.data;

import dev.autodistill4j.datasets.ClassificationDataset;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the split/class folder layout shared by autodistill's label() output, torchvision's ImageFolder (with
 * split folders) and Ultralytics YOLO-cls ({@code train/}, {@code valid|val/}, {@code test/}, each holding one
 * folder per class), and "truth folders" whose sub-folder names are the classes (for evaluation).
 *
 * <p>Empty class folders are an error rather than silently dropped: a class with no images would shift every
 * later class id and make a model that can never predict it.
 */
public final class ImageFolderReader {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif",
            "tiff");

    private ImageFolderReader() {
    }

    public static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return !n.startsWith(".") && dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Reads a dataset with split folders. */
    public static ClassificationDataset read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("dataset folder " + root + " does not exist: give --dataset the output "
                    + "folder of 'label' or an ImageFolder/YOLO-cls dataset with train/ and valid/ folders");
        }
        Map<Split, List<DatasetItem>> items = new EnumMap<>(Split.class);
        TreeSet<String> classes = new TreeSet<>();
        for (Path splitDir : sortedChildren(root)) {
            if (!Files.isDirectory(splitDir)) {
                continue;
            }
            Split split = Split.fromFolderName(splitDir.getFileName().toString());
            if (split == null) {
                continue;
            }
            if (items.containsKey(split)) {
                throw new DatasetException(root + " has both 'valid' and 'val' folders: keep one of them");
            }
            List<DatasetItem> list = new ArrayList<>();
            for (Map.Entry<String, List<Path>> e : readClassFolders(splitDir).entrySet()) {
                classes.add(e.getKey());
                for (Path img : e.getValue()) {
                    list.add(new DatasetItem(img, e.getKey(), split));
                }
            }
            items.put(split, list);
        }
        if (items.isEmpty()) {
            throw new DatasetException(root + " has no train/, valid/ (or val/) or test/ folder: give --dataset the "
                    + "output folder of 'label', or an ImageFolder/YOLO-cls dataset");
        }
        return new ClassificationDataset(root, List.copyOf(classes), items);
    }

    /** Reads a folder whose sub-folders are classes (the truth for evaluation) as a TEST-only dataset. */
    public static ClassificationDataset readTruthFolder(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("evaluation folder " + root + " does not exist: give --data a dataset "
                    + "(its test/ split is used) or a folder with one sub-folder per class");
        }
        Map<String, List<Path>> byClass = readClassFolders(root);
        if (byClass.isEmpty()) {
            throw new DatasetException("evaluation folder " + root + " has no class sub-folders: put the images of "
                    + "each class in a sub-folder named after the class");
        }
        List<DatasetItem> list = new ArrayList<>();
        byClass.forEach((c, imgs) -> imgs.forEach(i -> list.add(new DatasetItem(i, c, Split.TEST))));
        return new ClassificationDataset(root, List.copyOf(byClass.keySet()), Map.of(Split.TEST, list));
    }

    /** True when {@code dir} looks like a dataset (has split folders) rather than a truth folder. */
    public static boolean hasSplitFolders(Path dir) {
        for (Path c : sortedChildren(dir)) {
            if (Files.isDirectory(c) && Split.fromFolderName(c.getFileName().toString()) != null) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<Path>> readClassFolders(Path splitDir) {
        Map<String, List<Path>> out = new java.util.TreeMap<>();
        for (Path classDir : sortedChildren(splitDir)) {
            String name = classDir.getFileName().toString();
            if (!Files.isDirectory(classDir) || name.startsWith(".")) {
                continue;
            }
            List<Path> images = new ArrayList<>();
            for (Path f : sortedChildren(classDir)) {
                if (Files.isRegularFile(f) && isImage(f)) {
                    images.add(f);
                }
            }
            if (images.isEmpty()) {
                throw new DatasetException("class folder " + classDir + " contains no images: add images of '"
                        + name + "' or delete the folder");
            }
            out.put(name, images);
        }
        return out;
    }

    private static List<Path> sortedChildren(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot list " + dir + ": " + e.getMessage());
        }
    }
}
