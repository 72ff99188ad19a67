package dev.autodistill4j.spark.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.OutputLock;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks an output location on its file system before any work starts, with the single-machine commands'
 * rules ({@link LabelOutputFolder}): never write into something that is not ours; with {@code --overwrite}
 * delete only what this tool created, and only in an output it provably wrote — a folder that merely holds a
 * file called {@code run.json} or {@code manifest.jsonl} is the user's, not ours.
 */
final class JobOutput {
    /** Entries of a Parquet table as Spark writes it; a folder with anything else is not (only) our table. */
    private static final Pattern TABLE_ENTRY = Pattern.compile(
            "part-[^/]*\\.parquet|\\.part-[^/]*\\.parquet\\.crc|_SUCCESS|\\._SUCCESS\\.crc|_temporary|_committed_.*|_started_.*");
    private static final long MAX_RUN_JSON_BYTES = 16L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobOutput() {
    }

    /**
     * The embed job's Parquet table: absent, or replaced only with --overwrite, and then only when every entry of
     * the folder is a part of a Parquet table (Spark deletes the whole path on overwrite: it must not be the
     * user's folder).
     */
    static void checkTable(HadoopFiles files, String output, boolean overwrite) {
        Path out = files.qualify(output);
        FileSystem fs = files.fs(out);
        try {
            FileStatus st = status(fs, out);
            if (st == null) {
                return;
            }
            if (!overwrite) {
                throw new DatasetWriteException(output + " already exists: choose another `output`, or pass "
                        + "`overwrite` to replace the table");
            }
            if (!st.isDirectory()) {
                throw new DatasetWriteException(output + " is a file, not an embed table: choose another `output`;"
                        + " nothing was changed");
            }
            for (FileStatus e : fs.listStatus(out)) {
                if (!TABLE_ENTRY.matcher(e.getPath().getName()).matches()) {
                    throw new DatasetWriteException(output + " holds " + e.getPath().getName() + ", which is not "
                            + "part of a Parquet table: refusing to replace it; choose a new `output`");
                }
            }
        } catch (IOException e) {
            throw new DatasetWriteException("cannot check " + output + ": " + e.getMessage(), e);
        }
    }

    /**
     * The label job's dataset folder: absent or empty, or an earlier {@code label} output whose owned entries
     * {@code --overwrite} deletes (run.json last). Resuming is the single-machine label's job; a Spark run always
     * labels everything.
     */
    static void prepareDataset(HadoopFiles files, String output, boolean overwrite) {
        check(files, output, overwrite, true);
    }

    /** The checks of {@link #prepareDataset} without changing anything (run before the model loads). */
    static void checkDataset(HadoopFiles files, String output, boolean overwrite) {
        check(files, output, overwrite, false);
    }

    private static void check(HadoopFiles files, String output, boolean overwrite, boolean apply) {
        Path out = files.qualify(output);
        FileSystem fs = files.datasetFs(out);
        try {
            FileStatus st = status(fs, out);
            if (st != null && !st.isDirectory()) {
                throw new DatasetWriteException(output + " is a file, not a folder: choose another `output`");
            }
            if (st != null && !isEmptyButForTheLock(fs, out)) {
                if (!isLabelOutput(fs, out)) {
                    throw new DatasetWriteException(output + " exists, is not empty and is not an autodistill4j "
                            + "label output (no run.json written by '" + LabelOutputFolder.TOOL + "'): choose a new "
                            + "or empty `output`; nothing was changed");
                }
                if (!overwrite) {
                    throw new DatasetWriteException(output + " already holds a dataset: pass `overwrite` to replace "
                            + "it, choose another `output`, or resume it with the single-machine 'label' command");
                }
                if (apply) {
                    deleteOwnedEntries(fs, out);
                }
            }
            if (apply) {
                fs.mkdirs(out);
            }
        } catch (IOException e) {
            throw new DatasetWriteException("cannot prepare " + output + ": " + e.getMessage(), e);
        }
    }

    /** Empty, or holding nothing but the lock file of a local run ({@link OutputLock}). */
    private static boolean isEmptyButForTheLock(FileSystem fs, Path out) throws IOException {
        java.nio.file.Path local = local(fs, out);
        for (FileStatus e : fs.listStatus(out)) {
            boolean lock = local != null ? OutputLock.isLockFile(local.resolve(e.getPath().getName())) // not a link
                    : e.getPath().getName().equals(OutputLock.FILE_NAME) && e.isFile();
            if (!lock) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code out/run.json} parses and says {@code label} wrote it. */
    private static boolean isLabelOutput(FileSystem fs, Path out) throws IOException {
        FileStatus run = status(fs, new Path(out, LabelOutputFolder.RUN_JSON));
        if (run == null || !run.isFile() || run.getLen() > MAX_RUN_JSON_BYTES) {
            return false;
        }
        try (FSDataInputStream in = fs.open(run.getPath())) {
            JsonNode n = JSON.readTree(in);
            return n != null && n.isObject() && LabelOutputFolder.isLabelTool(n.path("tool").asText(null));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Deletes what {@code label} wrote and nothing else, by the ownership rule (owned = listed in the manifest,
     * or a fixed file or temporary of the tool; folders only once empty). On the local file system this is the
     * single-machine check itself ({@link LabelOutputFolder#deleteOwnedEntries}, never through a link); on
     * another Hadoop file system the same rule is applied through its API. run.json goes last.
     */
    private static void deleteOwnedEntries(FileSystem fs, Path out) throws IOException {
        java.nio.file.Path local = local(fs, out);
        if (local != null) {
            LabelOutputFolder.deleteOwnedEntries(local, List.of());
            return;
        }
        for (String rel : listedFiles(fs, new Path(out, Manifest.FILE_NAME))) {
            Path p = new Path(out, rel);
            FileStatus st = rel.startsWith("/") || Arrays.asList(rel.split("/")).contains("..") ? null : status(fs, p);
            if (st != null && st.isFile()) {
                delete(fs, p);
            }
        }
        for (FileStatus e : fs.listStatus(out)) {
            if (e.isFile() && e.getPath().getName().startsWith(DatasetFiles.TMP_PREFIX)) {
                delete(fs, e.getPath());
            }
        }
        for (String folder : LabelOutputFolder.OWNED_FOLDERS) {
            deleteIfEmpty(fs, new Path(out, folder));
        }
        delete(fs, new Path(out, Manifest.FILE_NAME));
        delete(fs, new Path(out, LabelOutputFolder.RUN_JSON_TMP));
        delete(fs, new Path(out, LabelOutputFolder.RUN_JSON));
    }

    /** The {@code file} of every readable manifest line (an unreadable line names nothing). */
    private static List<String> listedFiles(FileSystem fs, Path manifest) throws IOException {
        List<String> out = new ArrayList<>();
        if (status(fs, manifest) == null) {
            return out;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(manifest), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n != null && n.path("file").isTextual()) {
                        out.add(n.path("file").asText());
                    }
                } catch (IOException | RuntimeException e) {
                    // names nothing: its file is kept
                }
            }
        }
        return out;
    }

    /** Removes {@code dir}'s empty sub-folders and then {@code dir} itself when nothing is left in it. */
    private static void deleteIfEmpty(FileSystem fs, Path dir) throws IOException {
        FileStatus st = status(fs, dir);
        if (st == null || !st.isDirectory()) {
            return;
        }
        for (FileStatus e : fs.listStatus(dir)) {
            if (e.isDirectory()) {
                deleteIfEmpty(fs, e.getPath());
            }
        }
        if (fs.listStatus(dir).length == 0) {
            fs.delete(dir, false);
        }
    }

    /** {@code p} as a local path when {@code fs} is the local file system, else null. */
    private static java.nio.file.Path local(FileSystem fs, Path p) {
        return "file".equals(fs.getUri().getScheme()) ? java.nio.file.Path.of(fs.makeQualified(p).toUri()) : null;
    }

    private static void delete(FileSystem fs, Path p) throws IOException {
        if (status(fs, p) != null && !fs.delete(p, true)) {
            throw new DatasetWriteException("cannot delete " + p + " of the previous output");
        }
    }

    private static FileStatus status(FileSystem fs, Path p) throws IOException {
        try {
            return fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            return null;
        }
    }
}
