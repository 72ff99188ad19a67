package dev.autodistill4j.runtime.regions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * YOLO detection labels: one {@code <image-stem>.txt} per image, one {@code class cx cy w h} line per box with
 * coordinates normalised to [0, 1] (a sixth token, a detector's confidence, is accepted and not written back).
 *
 * <p>Every way a line can be wrong is a {@link BoxFileException} naming the file and line: wrong token count,
 * non-numbers, NaN/∞, negative or fractional class ids, a class id ≥ the number of classes in a
 * {@code classes.txt} beside the labels, coordinates outside [0, 1], zero or negative sizes, boxes that leave
 * the image (beyond a 1e-4 rounding tolerance).
 */
public final class YoloBoxes {
    static final double TOLERANCE = 1e-4;
    public static final String CLASSES_FILE = "classes.txt";

    private YoloBoxes() {
    }

    /** Where the boxes of {@code image} (relative path {@code relative} under --images) live, or null. */
    public static Path labelFileFor(Path boxesDir, Path relative) {
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String txt = (dot > 0 ? name.substring(0, dot) : name) + ".txt";
        Path mirrored = relative.getParent() == null ? boxesDir.resolve(txt)
                : boxesDir.resolve(relative.getParent().toString()).resolve(txt);
        if (Files.isRegularFile(mirrored)) {
            return mirrored;
        }
        Path flat = boxesDir.resolve(txt);
        return Files.isRegularFile(flat) ? flat : null;
    }

    /** Number of input classes from {@code classes.txt} in the labels folder or its parent, or -1 when unknown. */
    public static int inputClassCount(Path boxesDir) {
        for (Path candidate : new Path[]{boxesDir.resolve(CLASSES_FILE),
                boxesDir.toAbsolutePath().getParent() == null ? null
                        : boxesDir.toAbsolutePath().getParent().resolve(CLASSES_FILE)}) {
            if (candidate != null && Files.isRegularFile(candidate)) {
                try {
                    return (int) Files.readAllLines(candidate, StandardCharsets.UTF_8).stream()
                            .filter(l -> !l.isBlank()).count();
                } catch (IOException e) {
                    throw new RegionConfigException("cannot read " + candidate + ": " + e.getMessage());
                }
            }
        }
        return -1;
    }

    /** Parses a label file for an image of {@code width × height} pixels. */
    public static List<RegionBox> read(Path file, int width, int height, int classCount) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BoxFileException(file + ": cannot read the box file (" + e + ")", e);
        }
        List<RegionBox> boxes = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            boxes.add(parseLine(line, file + " line " + (n + 1), boxes.size(), width, height, classCount));
        }
        return boxes;
    }

    private static RegionBox parseLine(String line, String where, int index, int width, int height, int classCount) {
        String[] t = line.split("\\s+");
        if (t.length != 5 && t.length != 6) {
            throw new BoxFileException(where + ": expected 'class cx cy w h', got " + t.length + " values ('" + line
                    + "')");
        }
        long cls;
        try {
            cls = Long.parseLong(t[0]);
        } catch (NumberFormatException e) {
            throw new BoxFileException(where + ": class id '" + t[0] + "' is not a whole number");
        }
        if (cls < 0 || (classCount >= 0 && cls >= classCount)) {
            throw new BoxFileException(where + ": class id " + cls + " is out of range"
                    + (classCount >= 0 ? " (classes.txt lists " + classCount + " classes)" : " (negative)"));
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(t[i + 1]);
            } catch (NumberFormatException e) {
                throw new BoxFileException(where + ": '" + t[i + 1] + "' is not a number");
            }
            if (!Double.isFinite(v[i]) || v[i] < 0 || v[i] > 1) {
                throw new BoxFileException(where + ": " + t[i + 1] + " is outside [0, 1] (YOLO coordinates are "
                        + "normalised by the image size)");
            }
        }
        if (v[2] <= 0 || v[3] <= 0) {
            throw new BoxFileException(where + ": box width and height must be positive, got " + t[3] + " " + t[4]);
        }
        if (v[0] - v[2] / 2 < -TOLERANCE || v[0] + v[2] / 2 > 1 + TOLERANCE || v[1] - v[3] / 2 < -TOLERANCE
                || v[1] + v[3] / 2 > 1 + TOLERANCE) {
            throw new BoxFileException(where + ": the box leaves the image ('" + line + "')");
        }
        double x = Math.max(0, (v[0] - v[2] / 2) * width);
        double y = Math.max(0, (v[1] - v[3] / 2) * height);
        double w = Math.min(width - x, v[2] * width);
        double h = Math.min(height - y, v[3] * height);
        return new RegionBox(index, x, y, w, h, cls, List.of(t[1], t[2], t[3], t[4]), null);
    }

    /** The output lines: the new class id followed by the original coordinate tokens, byte for byte. */
    public static String format(List<RegionBox> boxes, List<Integer> newClassIds) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < boxes.size(); i++) {
            Integer id = newClassIds.get(i);
            if (id == null) {
                continue; // dropped
            }
            sb.append(id);
            for (String tok : boxes.get(i).yoloTokens()) {
                sb.append(' ').append(tok);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
