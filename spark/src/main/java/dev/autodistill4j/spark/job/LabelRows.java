package dev.autodistill4j.spark.job;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The label job's intermediate rows. {@link #CLASSIFIED}: what the model said about one image and where it
 * goes; {@link #PLACED}: the same plus the file name it got in the dataset.
 */
final class LabelRows {
    static final int KEY = 0;
    static final int PATH = 1;
    static final int SOURCE = 2;
    static final int FILE_NAME = 3;
    static final int FAMILY = 4;
    static final int SHA256 = 5;
    static final int LENGTH = 6;
    static final int CLASS = 7;
    static final int CONFIDENCE = 8;
    static final int SCORES = 9;
    static final int SPLIT = 10;
    static final int DEST_DIR = 11;
    static final int ERROR = 12;
    static final int FILE = 13;

    /** Ordered by {@code key}, the CLI walk's sort key, so the manifest lists images in the CLI's order. */
    static final StructType CLASSIFIED = new StructType()
            .add("key", DataTypes.StringType, false)
            .add("path", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("file_name", DataTypes.StringType, false)
            .add("family", DataTypes.StringType, false)
            .add("sha256", DataTypes.StringType, true)
            .add("length", DataTypes.LongType, false)
            .add("class", DataTypes.StringType, true)
            .add("confidence", DataTypes.DoubleType, true)
            .add("scores", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("split", DataTypes.StringType, true)
            .add("dest_dir", DataTypes.StringType, true)
            .add("error", DataTypes.StringType, true);

    static final StructType PLACED = CLASSIFIED.add("file", DataTypes.StringType, true);

    private LabelRows() {
    }

    /**
     * The names that can collide with each other under the writer's {@code name-N.ext} rule share a family:
     * the name with its extension and without trailing {@code -N} groups ({@code a.jpg}, {@code a-2.jpg},
     * {@code a-2-2.jpg} → {@code a|.jpg}). Files of different families never compete for a name, so they may be
     * placed by different tasks.
     */
    static String family(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        String ext = dot > 0 ? fileName.substring(dot) : "";
        return stem.replaceAll("(-[0-9]+)+$", "") + "|" + ext;
    }
}
