package dev.autodistill4j.runtime.regions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The two box formats {@code label-regions} reads and writes back in kind. */
public enum BoxFormat {
    /** A folder of {@code <image-stem>.txt} files, one {@code class cx cy w h} line per box, normalised. */
    YOLO,
    /** One COCO detection JSON: {@code images}, {@code annotations} ({@code bbox = [x, y, w, h]} pixels), {@code categories}. */
    COCO;

    /** A folder is YOLO, a {@code .json} file is COCO; anything else is a user error. */
    public static BoxFormat detect(Path boxes) {
        if (Files.isDirectory(boxes)) {
            return YOLO;
        }
        if (Files.isRegularFile(boxes) && boxes.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return COCO;
        }
        throw new RegionConfigException(boxes + " is neither a folder of YOLO .txt files nor a COCO .json file: "
                + "pass `boxes` DIR (YOLO) or `boxes` FILE.json (COCO)");
    }
}
