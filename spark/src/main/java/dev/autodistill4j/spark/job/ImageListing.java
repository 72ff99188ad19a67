package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.runtime.image.ImageFiles;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * The input images as Spark rows {@code (path, length, modificationTime)}, from Spark's {@code binaryFile} source
 * (recursive) filtered with the CLI's own rules ({@link ImageFiles#isImage}: the same extensions, any case;
 * hidden files and folders skipped).
 *
 * <p>Only the listing columns are selected, so the scan does not read the images: each task reads its own
 * files (see {@link HadoopFiles#read}) after the rows were spread over {@code partitions} tasks by a hash of the
 * path. Reading in the scan would tie the parallelism to Spark's file packing (128 MB per task: a whole folder
 * of small images in one task) or shuffle every image's bytes to rebalance.
 *
 * <p>One difference from the CLI's walk: Hadoop's file listing also hides names starting with {@code _}
 * (its "metadata" convention), so {@code _IMG_1.jpg} is skipped on Spark. docs/spark.md says so.
 */
public final class ImageListing {
    public static final String PATH = "path";
    public static final String LENGTH = "length";
    public static final String MTIME = "modificationTime";

    private ImageListing() {
    }

    /**
     * The images below {@code input}, minus anything below {@code exclude} (the output folder, as the local
     * label run does).
     */
    public static Dataset<Row> list(SparkSession spark, HadoopFiles files, String input, String exclude) {
        Path root = files.qualify(input);
        try {
            FileStatus st = files.fs(root).getFileStatus(root);
            if (!st.isDirectory()) {
                throw new Autodistill4jException(input + " is not a folder: --input must name the folder that holds "
                        + "the images");
            }
        } catch (java.io.FileNotFoundException e) {
            throw new Autodistill4jException(input + " does not exist: --input must name the folder that holds "
                    + "the images");
        } catch (IOException e) {
            throw new Autodistill4jException("cannot read " + input + ": " + e.getMessage(), e);
        }
        String rootPath = root.toUri().getPath();
        String excluded = exclude == null ? null : files.qualify(exclude).toUri().getPath();
        Dataset<Row> listing = spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", extensionGlob())
                .load(root.toString())
                .select(col(PATH), col(LENGTH), col(MTIME));
        return listing.filter((FilterFunction<Row>) r -> accepted(r.getString(0), rootPath, excluded));
    }

    /** The listing spread over {@code partitions} tasks by a hash of the path (a shuffle of the listing only). */
    public static Dataset<Row> spread(Dataset<Row> listing, int partitions) {
        return listing.repartition(partitions, col(PATH));
    }

    /** The relative key the CLI sorts by: the path below the input folder, '/'-separated. */
    public static String relativeKey(String file, String rootPath) {
        String p = new Path(file).toUri().getPath();
        String prefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        return p.startsWith(prefix) ? p.substring(prefix.length()) : p;
    }

    static boolean accepted(String file, String rootPath, String excluded) {
        String p = new Path(file).toUri().getPath();
        if (excluded != null && (p.equals(excluded) || p.startsWith(excluded + "/"))) {
            return false;
        }
        String rel = relativeKey(file, rootPath);
        for (String part : rel.split("/")) {
            if (part.startsWith(".")) {
                return false;
            }
        }
        return ImageFiles.isImage(java.nio.file.Path.of(rel.substring(rel.lastIndexOf('/') + 1)));
    }

    /**
     * A Hadoop glob matching the CLI's extensions in any case ({@code *.{[jJ][pP][gG],…}}), so the scan skips
     * other files before Spark even lists them as rows; {@link #accepted} still applies the exact rule.
     */
    static String extensionGlob() {
        return ImageFiles.EXTENSIONS.stream().sorted()
                .map(ext -> ext.chars()
                        .mapToObj(c -> "[" + Character.toLowerCase((char) c) + Character.toUpperCase((char) c) + "]")
                        .collect(Collectors.joining()))
                .collect(Collectors.joining(",", "*.{", "}"));
    }
}
