package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.datasets.PathNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * YOLO detection labels: one {@code <image-stem>.txt} per image, one {@code class cx cy w h} line per box with
 * coordinates normalised to [0, 1] (a sixth token, a detector's confidence, is accepted and not written back).
 * Tokens are separated by spaces or tabs and follow {@link YoloNumbers}' syntax.
 *
 * <p>Every way a line can be wrong refuses that line alone, with a message naming the file and line: wrong
 * token count, non-decimal tokens ({@code 0x1p-2}, {@code 0.25f}), NaN/∞, negative or fractional class ids, a
 * class id ≥ the number of classes in a {@code classes.txt} beside the labels, coordinates outside [0, 1], zero
 * or negative sizes, boxes that leave the image (beyond a 1e-4 rounding tolerance).
 */
public final class YoloBoxes {
    static final double TOLERANCE = 1e-4;
    /** Largest label file read: 64 MiB is about a million boxes. */
    static final long MAX_FILE_BYTES = 64L << 20;
    private static final Pattern SEPARATOR = Pattern.compile("[ \t]+");
    private static final Pattern BLANK = Pattern.compile("[ \t\r]*");
    public static final String CLASSES_FILE = "classes.txt";

    private YoloBoxes() {
    }

    /**
     * Where the boxes of {@code image} (relative path {@code relative} under --images) live, or null: the same
     * relative path with {@code .txt}, else the {@code .txt} of its name directly in {@code boxesDir}. Names are
     * matched as the file system's bytes ({@link PathNames#withExtension}), as YOLO readers pair them.
     */
    public static Path labelFileFor(Path boxesDir, Path relative) {
        Path txt = PathNames.withExtension(relative, ".txt");
        Path mirrored = boxesDir.resolve(txt);
        if (Files.isRegularFile(mirrored)) {
            return mirrored;
        }
        Path flat = boxesDir.resolve(txt.getFileName());
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

    /**
     * Parses a label file for an image of {@code width × height} pixels. A malformed line is refused alone (its
     * message in {@link LoadedBoxes#skipped()}); an unreadable or oversized file is a {@link BoxFileException}.
     */
    public static LoadedBoxes read(Path file, int width, int height, int classCount) {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new BoxFileException(file + ": " + Files.size(file) + " bytes is more than a label file can be ("
                        + (MAX_FILE_BYTES >> 20) + " MiB, about a million boxes): is it a YOLO .txt file?");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BoxFileException(file + ": cannot read the box file (" + e + ")", e);
        }
        List<RegionBox> boxes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (BLANK.matcher(line).matches()) {
                continue;
            }
            try {
                boxes.add(parseLine(line.strip(), file + " line " + (n + 1), boxes.size(), width, height, classCount));
            } catch (BoxFileException e) {
                skipped.add(e.getMessage());
            }
        }
        return new LoadedBoxes(boxes, skipped);
    }

    private static RegionBox parseLine(String line, String where, int index, int width, int height, int classCount) {
        String[] t = SEPARATOR.split(line);
        if (t.length != 5 && t.length != 6) {
            throw new BoxFileException(where + ": expected 'class cx cy w h', got " + t.length + " values ('"
                    + shorten(line) + "')");
        }
        long cls = YoloNumbers.classId(t[0]);
        if (cls < 0) {
            throw new BoxFileException(where + ": class id '" + shorten(t[0]) + "' is not a whole number (ASCII "
                    + "digits)");
        }
        if (classCount >= 0 && cls >= classCount) {
            throw new BoxFileException(where + ": class id " + cls + " is out of range (classes.txt lists "
                    + classCount + " classes)");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            v[i] = YoloNumbers.decimal(t[i + 1]);
            if (Double.isNaN(v[i])) {
                throw new BoxFileException(where + ": '" + shorten(t[i + 1]) + "' is not a decimal number (YOLO "
                        + "readers take digits with an optional sign, '.', and exponent, e.g. 0.25 or 2.5e-1)");
            }
            if (!Double.isFinite(v[i]) || v[i] < 0 || v[i] > 1) {
                throw new BoxFileException(where + ": " + t[i + 1] + " is outside [0, 1] (YOLO coordinates are "
                        + "normalised by the image size)");
            }
        }
        if (t.length == 6 && !Double.isFinite(YoloNumbers.decimal(t[5]))) {
            throw new BoxFileException(where + ": confidence '" + shorten(t[5]) + "' is not a finite decimal number");
        }
        if (v[2] <= 0 || v[3] <= 0) {
            throw new BoxFileException(where + ": box width and height must be positive, got " + t[3] + " " + t[4]);
        }
        if (v[0] - v[2] / 2 < -TOLERANCE || v[0] + v[2] / 2 > 1 + TOLERANCE || v[1] - v[3] / 2 < -TOLERANCE
                || v[1] + v[3] / 2 > 1 + TOLERANCE) {
            throw new BoxFileException(where + ": the box leaves the image ('" + shorten(line) + "')");
        }
        double x = Math.max(0, (v[0] - v[2] / 2) * width);
        double y = Math.max(0, (v[1] - v[3] / 2) * height);
        double w = Math.min(width - x, v[2] * width);
        double h = Math.min(height - y, v[3] * height);
        List<String> canonical = List.of(YoloNumbers.canonical(v[0]), YoloNumbers.canonical(v[1]),
                YoloNumbers.canonical(v[2]), YoloNumbers.canonical(v[3]));
        return new RegionBox(index, x, y, w, h, cls, canonical, null);
    }

    /** A token or line as quoted in a message: at most 80 characters. */
    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    /** The output lines: the new class id followed by the four coordinates in canonical form. */
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
