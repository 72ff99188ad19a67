package dev.autodistill4j.spark.job;

import dev.autodistill4j.curation.CurationException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The texts file of {@code spark curate}, checked by its literal path (no glob) before the job and again before
 * its outputs are committed: the tasks read it several times, so a file that changes in between would give
 * matches and kept rows of two different files — the run is refused instead, as the local curate refuses it.
 */
final class TextsFile {
    /** Size, modification time and sha256 of the file when the run started. */
    record Snapshot(long length, long modified, String sha256) {
    }

    private TextsFile() {
    }

    static Snapshot snapshot(HadoopFiles files, Path texts, String given) {
        FileStatus st = status(files, texts, given);
        try (FSDataInputStream in = files.fs(texts).open(texts)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                sha.update(buf, 0, n);
            }
            return new Snapshot(st.getLen(), st.getModificationTime(), HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new CurationException("cannot read " + given + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static void requireUnchanged(HadoopFiles files, Path texts, String given, Snapshot before) {
        FileStatus st = status(files, texts, given);
        if (st.getLen() != before.length() || st.getModificationTime() != before.modified()) {
            throw new CurationException(given + " changed while spark curate was running: run it again on a file "
                    + "that nothing else writes to");
        }
    }

    private static FileStatus status(HadoopFiles files, Path texts, String given) {
        try {
            FileStatus st = files.fs(texts).getFileStatus(texts); // the literal path: never a glob
            if (!st.isFile()) {
                throw new FileNotFoundException();
            }
            return st;
        } catch (FileNotFoundException e) {
            throw new CurationException(given + " is not a file: `texts` takes a JSON-lines file (one "
                    + "{\"id\", \"text\"} object per line), a path, never a pattern");
        } catch (IOException e) {
            throw new CurationException("cannot read " + given + ": " + e.getMessage(), e);
        }
    }
}
