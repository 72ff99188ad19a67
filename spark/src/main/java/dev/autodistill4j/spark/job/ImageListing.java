package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.runtime.label.PathContainment;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * The input images as Spark rows {@code (path, length, modificationTime)}, listed on the driver by the very walk
 * the single-machine commands use: for a local folder {@link ImageFiles#walk} itself (hidden entries skipped,
 * linked folders below the input not followed, so a {@code loop -> ..} link cannot multiply the images, zero-byte
 * files kept and reported as unreadable, the output folder never entered); for other file systems (HDFS, S3A)
 * the same rules over Hadoop's listing ({@link #accepted}; those have no folder links).
 *
 * <p>The input is a path, never a pattern: nothing here expands globs, so {@code in[1]} is the folder
 * {@code in[1]}, not {@code in1}. Only the listing travels: each task reads its own files
 * ({@link HadoopFiles#read}) after the rows were spread over the tasks by a hash of the path.
 */
public final class ImageListing {
    public static final String PATH = "path";
    public static final String LENGTH = "length";
    public static final String MTIME = "modificationTime";
    static final StructType SCHEMA = new StructType()
            .add(PATH, DataTypes.StringType, false)
            .add(LENGTH, DataTypes.LongType, false)
            .add(MTIME, DataTypes.TimestampType, false);

    private ImageListing() {
    }

    /**
     * The images below {@code input}, minus anything below {@code exclude} (the output folder, as the local
     * label run does), in the walk's order.
     */
    public static Dataset<Row> list(SparkSession spark, HadoopFiles files, String input, String exclude) {
        Path root = files.qualify(input);
        try {
            FileStatus st = files.fs(root).getFileStatus(root);
            if (!st.isDirectory()) {
                throw new Autodistill4jException(input + " is not a folder: `input` must name the folder that holds "
                        + "the images");
            }
        } catch (FileNotFoundException e) {
            throw new Autodistill4jException(input + " does not exist: `input` must name the folder that holds "
                    + "the images (a path, not a pattern)");
        } catch (IOException e) {
            throw new Autodistill4jException("cannot read " + input + ": " + e.getMessage(), e);
        }
        List<Row> rows = HadoopFiles.isLocal(root) ? walkLocal(root, exclude == null ? null : files.qualify(exclude))
                : walkHadoop(files.fs(root), root, exclude == null ? null : files.qualify(exclude).toUri().getPath());
        return spark.createDataFrame(rows, SCHEMA);
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

    private static List<Row> walkLocal(Path root, Path exclude) {
        java.nio.file.Path dir = HadoopFiles.nioPath(root);
        java.nio.file.Path excludedReal = exclude == null ? null : PathContainment.real(HadoopFiles.nioPath(exclude));
        List<Row> rows = new ArrayList<>();
        for (java.nio.file.Path f : ImageFiles.walk(dir, excludedReal)) {
            try {
                rows.add(RowFactory.create(new Path(f.toUri()).toString(), Files.size(f),
                        new Timestamp(Files.getLastModifiedTime(f).toMillis())));
            } catch (IOException e) {
                throw new Autodistill4jException(f + ": cannot read its size (" + e.getMessage() + "); check that it "
                        + "is readable", e);
            }
        }
        return rows;
    }

    private static List<Row> walkHadoop(FileSystem fs, Path root, String excluded) {
        String rootPath = root.toUri().getPath();
        List<FileStatus> found = new ArrayList<>();
        try {
            collect(fs, root, rootPath, excluded, found);
        } catch (IOException e) {
            throw new Autodistill4jException(root + ": cannot list the folder (" + e.getMessage()
                    + "); check that it and its sub-folders are readable", e);
        }
        found.sort(Comparator.comparing(s -> relativeKey(s.getPath().toString(), rootPath)));
        return found.stream().map(s -> RowFactory.create(s.getPath().toString(), s.getLen(),
                new Timestamp(s.getModificationTime()))).toList();
    }

    private static void collect(FileSystem fs, Path dir, String rootPath, String excluded, List<FileStatus> found)
            throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String p = s.getPath().toString();
            if (s.isDirectory() && !s.isSymlink() && !s.getPath().getName().startsWith(".")
                    && !isExcluded(s.getPath().toUri().getPath(), excluded)) {
                collect(fs, s.getPath(), rootPath, excluded, found);
            } else if (s.isFile() && accepted(p, rootPath, excluded)) {
                found.add(s);
            }
        }
    }

    /** {@link ImageFiles}' rules for one listed file: below no hidden folder, not hidden, an image extension. */
    static boolean accepted(String file, String rootPath, String excluded) {
        String p = new Path(file).toUri().getPath();
        if (isExcluded(p, excluded)) {
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

    private static boolean isExcluded(String p, String excluded) {
        return excluded != null && (p.equals(excluded) || p.startsWith(excluded + "/"));
    }
}
