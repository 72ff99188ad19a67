package dev.autodistill4j.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one class numbering of a labelled dataset. Tools that read the split folders (torchvision's
 * {@code ImageFolder}, Ultralytics YOLO-cls) number the classes by the sorted names of the class folders they find
 * in each split, so a class with no image in {@code test/} would shift every index after it there. {@code label}
 * therefore creates every class folder in every split it uses (empty where no image went) and writes that order
 * as {@value #CLASSES_TXT} (one folder name a line: line {@code i} is class {@code i}) and {@value #DATA_YAML}
 * ({@code names:} index → folder name, and the split folders), so every split and every tool count alike.
 */
public final class ClassIndex {
    public static final String CLASSES_TXT = "classes.txt";
    public static final String DATA_YAML = "data.yaml";

    private ClassIndex() {
    }

    /** The folder names in the order {@code ImageFolder} numbers them: Python's {@code sorted()}, by code point. */
    public static List<String> order(Collection<String> folders) {
        List<String> out = new ArrayList<>(folders);
        out.sort(ClassIndex::compareCodePoints);
        return out;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** The text of {@value #CLASSES_TXT}. */
    public static String classesTxt(List<String> order) {
        StringBuilder b = new StringBuilder();
        order.forEach(f -> b.append(f).append('\n'));
        return b.toString();
    }

    /**
     * The text of {@value #DATA_YAML}: the split folders (relative to the dataset root; Ultralytics' {@code val}
     * is {@code valid} here) and {@code names}, every name a JSON-quoted string (valid YAML whatever it holds).
     */
    public static String dataYaml(List<String> order, List<Split> splits) {
        StringBuilder b = new StringBuilder("# written by autodistill4j label: class i is line i of classes.txt, the "
                + "sorted class folders of every split\npath: .\n");
        for (Split s : splits) {
            b.append(s == Split.VALID ? "val" : s.folderName()).append(": ").append(s.folderName()).append('\n');
        }
        b.append("nc: ").append(order.size()).append("\nnames:\n");
        for (int i = 0; i < order.size(); i++) {
            b.append("  ").append(i).append(": ").append(quoted(order.get(i))).append('\n');
        }
        return b.toString();
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                b.append('\\').appendCodePoint(cp);
            } else if (cp < 0x20 || cp == 0x7f || cp >= 0x80 && cp <= 0x9f || cp == 0x2028 || cp == 0x2029) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append('"').toString();
    }

    /** The splits a split ratio uses (train always; valid and test when their share is above zero). */
    public static List<Split> splits(Splitter splitter) {
        List<Split> out = new ArrayList<>(List.of(Split.TRAIN));
        if (splitter.valid() > 0) {
            out.add(Split.VALID);
        }
        if (splitter.test() > 0) {
            out.add(Split.TEST);
        }
        return out;
    }

    /**
     * Creates every class folder in every split of {@code splits} under {@code root} and writes {@value #CLASSES_TXT}
     * and {@value #DATA_YAML} (each to a temporary name, then renamed, so neither is ever half written).
     */
    public static void write(Path root, Collection<String> folders, List<Split> splits) {
        List<String> order = order(folders);
        try {
            for (Split s : splits) {
                for (String f : order) {
                    Files.createDirectories(root.resolve(s.folderName()).resolve(f));
                }
            }
            replace(root.resolve(CLASSES_TXT), classesTxt(order));
            replace(root.resolve(DATA_YAML), dataYaml(order, splits));
        } catch (IOException e) {
            throw new DatasetWriteException("cannot write the class folders or " + CLASSES_TXT + " in " + root + " ("
                    + e.getMessage() + "): check the folder is writable, then run the same command again", e);
        }
    }

    private static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
