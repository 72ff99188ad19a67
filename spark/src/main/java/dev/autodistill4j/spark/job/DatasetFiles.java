package dev.autodistill4j.spark.job;

import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.DatasetWriter;
import dev.autodistill4j.datasets.Sha256;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Copies images into the dataset on any Hadoop file system, naming them exactly as the local
 * {@link DatasetWriter} does ({@link DatasetWriter#candidateName}: {@code a.jpg}, {@code a-2.jpg}… in walk order
 * within a folder).
 *
 * <p>The commit protocol for task retries: names are deterministic (a retried or speculative attempt visits the
 * same files in the same order and computes the same names); each copy is written to a temporary name and
 * renamed into place; a name that already holds a file of the same size and sha256 — an earlier attempt's
 * copy — is adopted, not duplicated; a name holding another file is skipped as the local writer skips it.
 * So however often a task runs, each image lies in the dataset exactly once.
 */
final class DatasetFiles {
    static final String TMP_PREFIX = ".autodistill4j-tmp-";
    private final HadoopFiles files;
    private final Path root;
    private final FileSystem fs;
    private String currentDir;
    private final Set<String> claimed = new HashSet<>();

    DatasetFiles(HadoopFiles files, String root) {
        this.files = files;
        this.root = new Path(root);
        this.fs = files.datasetFs(this.root);
    }

    /**
     * Places {@code source} (with this size and sha256) into {@code destDir} (relative to the root); returns the
     * dataset-relative path. Calls must come in walk order per folder.
     */
    String place(Path source, long length, String sha256, String destDir, String fileName) {
        if (!destDir.equals(currentDir)) {
            currentDir = destDir;
            claimed.clear();
        }
        try {
            for (int n = 1; ; n++) {
                String rel = destDir + "/" + DatasetWriter.candidateName(fileName, n);
                if (claimed.contains(rel)) {
                    continue;
                }
                Path target = new Path(root, rel);
                if (!fs.exists(target) && copy(source, target)) {
                    claimed.add(rel);
                    return rel;
                }
                if (sameContent(target, length, sha256)) {
                    claimed.add(rel);
                    return rel;
                }
            }
        } catch (IOException e) {
            throw new DatasetWriteException("cannot copy " + source + " into " + new Path(root, destDir) + ": " + e
                    + " (check free space and permissions)", e);
        }
    }

    /**
     * Copies to a temporary name, then renames; false when the rename lost a race (another attempt's file is in
     * place, and the caller compares contents).
     */
    private boolean copy(Path source, Path target) throws IOException {
        Path tmp = new Path(target.getParent(), TMP_PREFIX + UUID.randomUUID()); // short whatever the name
        try {
            FileUtil.copy(files.fs(source), source, fs, tmp, false, true, files.conf());
            return fs.rename(tmp, target);
        } finally {
            fs.delete(tmp, false);
        }
    }

    private boolean sameContent(Path target, long length, String sha256) throws IOException {
        FileStatus st;
        try {
            st = fs.getFileStatus(target);
        } catch (FileNotFoundException e) {
            return false;
        }
        if (!st.isFile() || st.getLen() != length) {
            return false;
        }
        return sha256.equals(Sha256.of(files.read(target, length)));
    }

    /** Deletes temporary copies that killed attempts left behind (only this tool's {@value #TMP_PREFIX} files). */
    static void cleanTemporaryFiles(HadoopFiles files, Path root) throws IOException {
        FileSystem fs = files.datasetFs(root);
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            Path p = it.next().getPath();
            if (p.getName().startsWith(TMP_PREFIX)) {
                fs.delete(p, false);
            }
        }
    }
}
