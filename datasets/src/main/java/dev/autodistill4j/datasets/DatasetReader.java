package dev.autodistill4j.datasets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a classification dataset folder in any of the layouts people hand around:
 * <ul>
 *   <li>autodistill / label() output: {@code train|valid|test/<class>/<image>} (plus {@code unlabeled/},
 *       {@code manifest.jsonl}, {@code run.json}, which are not part of the dataset);</li>
 *   <li>Ultralytics YOLO-cls: {@code train|val|test/<class>/<image>} ({@code val} = {@code valid});</li>
 *   <li>torchvision ImageFolder: {@code <class>/<image>} — every image goes to {@link Split#TRAIN}.</li>
 * </ul>
 * Images may sit in sub-folders of a class folder (ImageFolder semantics); hidden files are skipped; items
 * are sorted by path so every read gives the same order. Classes are sorted by name — the class-id order
 * trainers use. For a {@code label} output the classes are the ontology's names recorded in its
 * {@code run.json}, not the sanitised folder names ({@link LabelOutputFolder#classFolders}).
 */
public final class DatasetReader {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetReader.class);

    private DatasetReader() {
    }

    public static ClassificationDataset read(Path root) {
        return read(root, false);
    }

    /** As {@link #read(Path)}; {@code allowEmpty} returns an empty dataset instead of failing (stats). */
    static ClassificationDataset read(Path root, boolean allowEmpty) {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new DatasetReadException(root + " is not a folder: give the dataset root (the folder holding "
                    + "train/ valid/ test/, or one folder per class)");
        }
        List<Path> children = subfolders(dir);
        Map<Split, Path> splitDirs = new EnumMap<>(Split.class);
        for (Path c : children) {
            Split s = Split.fromFolderName(c.getFileName().toString());
            if (s != null) {
                Path previous = splitDirs.put(s, c);
                if (previous != null && sameFolder(previous, c)) {
                    splitDirs.put(s, Files.isSymbolicLink(previous) ? c : previous); // val -> valid symlink
                } else if (previous != null) {
                    throw new DatasetReadException(dir + " has both " + previous.getFileName() + "/ and "
                            + c.getFileName() + "/ for the " + s.folderName() + " split: keep one of them");
                }
            }
        }
        Map<Split, List<DatasetItem>> items = new EnumMap<>(Split.class);
        TreeSet<String> classes = new TreeSet<>();
        Map<String, String> names = classNamesByFolder(dir);
        if (!splitDirs.isEmpty()) {
            List<String> ignored = children.stream().map(c -> c.getFileName().toString())
                    .filter(n -> Split.fromFolderName(n) == null && !n.equals(DatasetWriter.UNLABELED)).toList();
            if (!ignored.isEmpty()) {
                LOG.warn("{}: folders {} are not splits (train, valid/val, test) and were ignored", dir, ignored);
            }
            for (Map.Entry<Split, Path> e : splitDirs.entrySet()) {
                items.put(e.getKey(), readClassFolders(e.getValue(), e.getKey(), classes, names));
            }
        } else {
            items.put(Split.TRAIN, readClassFolders(dir, Split.TRAIN, classes, names));
        }
        if (!allowEmpty && items.values().stream().allMatch(List::isEmpty)) {
            throw new DatasetReadException("no images found in " + dir + ": expected train/<class>/<image> "
                    + "(valid/ or val/, test/ optional) or <class>/<image> with .jpg .jpeg .png .bmp .gif .webp files");
        }
        return new ClassificationDataset(dir, List.copyOf(classes), items);
    }

    /**
     * Folder name → class name for a {@code label} output: its folders hold sanitised names ({@code a/b} is in
     * {@code a_b/}), and its {@code run.json} records the real ones, which trained models must list. Empty for
     * other layouts, whose folder names are the class names.
     */
    private static Map<String, String> classNamesByFolder(Path root) {
        Map<String, String> byFolder = new HashMap<>();
        LabelOutputFolder.classFolders(root).forEach((cls, folder) -> byFolder.putIfAbsent(folder, cls));
        return byFolder;
    }

    private static List<DatasetItem> readClassFolders(Path parent, Split split, TreeSet<String> classes,
                                                      Map<String, String> names) {
        List<DatasetItem> out = new ArrayList<>();
        for (Path classDir : subfolders(parent)) {
            String folder = classDir.getFileName().toString();
            String label = names.getOrDefault(folder, folder);
            if (folder.equals(DatasetWriter.UNLABELED) && Files.exists(parent.resolve(Manifest.FILE_NAME))) {
                continue; // label() output with no split folder yet: unlabeled/ is not a class
            }
            List<Path> images = images(classDir);
            if (images.isEmpty()) {
                LOG.debug("class folder {} holds no images", classDir);
                continue;
            }
            classes.add(label);
            for (Path img : images) {
                out.add(new DatasetItem(img, label, split));
            }
        }
        try (Stream<Path> loose = Files.list(parent)) {
            long n = loose.filter(Files::isRegularFile).filter(DatasetImages::isImage).count();
            if (n > 0) {
                LOG.warn("{} images directly in {} are not in a class folder and were skipped", n, parent);
            }
        } catch (IOException e) {
            throw new DatasetReadException("cannot list " + parent + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static List<Path> subfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new DatasetReadException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> images(Path classDir) {
        try (Stream<Path> s = Files.walk(classDir)) {
            return s.filter(Files::isRegularFile).filter(DatasetImages::isImage)
                    .filter(p -> !hiddenOnTheWay(classDir, p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new DatasetReadException("cannot list " + classDir + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hiddenOnTheWay(Path base, Path p) {
        for (Path part : base.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
