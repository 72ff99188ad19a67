package dev.autodistill4j.spark.job;

import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.OutputFiles;
import dev.autodistill4j.runtime.label.LabelRunner;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The Hadoop file system settings of the driver, carried to the executors (Hadoop's {@link Configuration} is not
 * serialisable, so its entries travel as a map), plus the few file operations the jobs need. Any Hadoop file
 * system works — local, HDFS, S3A — as long as its connector is on the cluster's class path.
 */
public final class HadoopFiles implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> settings;
    private transient Configuration conf;

    public HadoopFiles(Configuration conf) {
        this.settings = new HashMap<>();
        for (Map.Entry<String, String> e : conf) {
            settings.put(e.getKey(), e.getValue());
        }
        this.conf = conf;
    }

    public Configuration conf() {
        if (conf == null) {
            Configuration c = new Configuration(false);
            settings.forEach(c::set);
            conf = c;
        }
        return conf;
    }

    public FileSystem fs(Path p) {
        try {
            return p.getFileSystem(conf());
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file system the dataset is written through: for local folders Hadoop's raw local file system, so the
     * dataset holds the images only and no {@code .crc} checksum sidecars beside each (the local label writes
     * none either); other file systems as configured.
     */
    public FileSystem datasetFs(Path p) {
        FileSystem fs = fs(p);
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /**
     * Creates (replacing) the regular file {@code p} for writing, never through a link: Hadoop's local file
     * system follows links on create, so a link planted at {@code p} would have its target overwritten; on the
     * local file system {@code p} must be absent or a regular file ({@link OutputFiles#requireWritable}), on
     * another a symbolic link is refused.
     */
    public FSDataOutputStream createReplacing(FileSystem fs, Path p) throws IOException {
        if ("file".equals(fs.getUri().getScheme())) {
            OutputFiles.requireWritable(java.nio.file.Path.of(fs.makeQualified(p).toUri()));
        } else if (fs.exists(p) && fs.getFileLinkStatus(p).isSymlink()) {
            throw new DatasetWriteException(p + " is a symbolic link, where autodistill4j writes a file of its own: "
                    + "remove it or choose another output; nothing was written through it");
        }
        return fs.create(p, true);
    }

    /** {@code location} made absolute with its file system's scheme ({@code /data} → {@code file:/data}). */
    public Path qualify(String location) {
        Path p = new Path(location);
        return fs(p).makeQualified(p);
    }

    /** Reads a whole file of {@code length} bytes. */
    public byte[] read(Path file, long length) throws IOException {
        byte[] bytes = new byte[Math.toIntExact(length)];
        try (FSDataInputStream in = fs(file).open(file)) {
            in.readFully(0, bytes);
        }
        return bytes;
    }

    /** Whether {@code p} is on the local file system (so the single-machine conventions apply to it). */
    public static boolean isLocal(Path p) {
        String scheme = p.toUri().getScheme();
        return scheme == null || "file".equals(scheme);
    }

    /** A local {@link java.nio.file.Path} for local files; for others a path that names the file in messages. */
    public static java.nio.file.Path nioPath(Path p) {
        return java.nio.file.Path.of(p.toUri().getPath());
    }

    /**
     * The manifest / index key of an input file: for local files exactly what the single-machine commands
     * write ({@link LabelRunner#source}), otherwise the full URI ({@code hdfs://nn/images/a.jpg}).
     */
    public static String sourceKey(Path p) {
        return isLocal(p) ? LabelRunner.source(nioPath(p)) : p.toString();
    }
}
