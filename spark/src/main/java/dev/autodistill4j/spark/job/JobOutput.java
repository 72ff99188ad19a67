package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.label.RunRecord;
import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.Manifest;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * Checks an output location on its file system before any work starts, with the single-machine commands'
 * rules: never write into something that is not ours, delete a previous output only with {@code --overwrite}
 * and only when it is ours.
 */
final class JobOutput {
    private JobOutput() {
    }

    /** The embed job's Parquet table: absent, or replaced only with --overwrite (Spark deletes it then). */
    static void checkTable(HadoopFiles files, String output, boolean overwrite) {
        Path out = files.qualify(output);
        if (exists(files.fs(out), out) && !overwrite) {
            throw new DatasetWriteException(output + " already exists: choose another --output, or pass --overwrite "
                    + "to replace the table");
        }
    }

    /**
     * The label job's dataset folder: absent or empty, or an earlier autodistill4j output that --overwrite
     * deletes. Resuming is the single-machine label's job; a Spark run always labels everything.
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
                throw new DatasetWriteException(output + " is a file, not a folder: choose another --output");
            }
            if (st != null && fs.listStatus(out).length > 0) {
                boolean ours = fs.exists(new Path(out, RunRecord.FILE_NAME))
                        || fs.exists(new Path(out, Manifest.FILE_NAME));
                if (!ours) {
                    throw new DatasetWriteException(output + " exists, is not empty and is not an autodistill4j output"
                            + " folder (no run.json): choose a new or empty --output; nothing was changed");
                }
                if (!overwrite) {
                    throw new DatasetWriteException(output + " already holds a dataset: pass --overwrite to replace "
                            + "it, choose another --output, or resume it with the single-machine 'label' command");
                }
                if (apply && !fs.delete(out, true)) {
                    throw new DatasetWriteException("cannot delete the previous output " + output);
                }
            }
            if (apply) {
                fs.mkdirs(out);
            }
        } catch (IOException e) {
            throw new DatasetWriteException("cannot prepare " + output + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(FileSystem fs, Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new DatasetWriteException("cannot check " + p + ": " + e.getMessage(), e);
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
