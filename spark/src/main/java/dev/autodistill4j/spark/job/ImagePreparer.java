package dev.autodistill4j.spark.job;

import dev.autodistill4j.runtime.image.ImageDecodeException;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageLimits;
import dev.autodistill4j.datasets.Sha256;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Reads, hashes and decodes one listed file on an executor with the project's {@link ImageDecoder} (the same
 * PIL-equivalent pixels, EXIF orientation and size limits as the CLI). Every failure becomes an error value —
 * the message names the file — so one bad image never fails a task, let alone the job.
 */
public final class ImagePreparer implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HadoopFiles files;
    private final long maxPixels;
    private transient ImageDecoder decoder;

    public ImagePreparer(HadoopFiles files, long maxPixels) {
        this.files = files;
        this.maxPixels = maxPixels;
    }

    /** Prepares a row of {@link ImageListing} ({@code path, length, modificationTime}). */
    public PreparedImage prepare(Row listed) {
        String pathString = listed.getString(0);
        long length = listed.getLong(1);
        long mtime = millis(listed.get(2));
        Path path = new Path(pathString);
        String source = HadoopFiles.sourceKey(path);
        java.nio.file.Path named = HadoopFiles.nioPath(path);
        ImageDecoder d = decoder();
        if (length > d.limits().maxFileBytes()) {
            return new PreparedImage(pathString, source, length, mtime, null, null, named + ": file is " + length
                    + " bytes, more than the limit of " + d.limits().maxFileBytes() + " bytes; shrink the image");
        }
        byte[] bytes;
        try {
            bytes = files.read(path, length);
        } catch (IOException | RuntimeException e) {
            return new PreparedImage(pathString, source, length, mtime, null, null, named
                    + ": cannot read the file (" + e.getMessage() + ")");
        }
        String sha = Sha256.of(bytes);
        try {
            return new PreparedImage(pathString, source, length, mtime, sha, d.decode(named, bytes), null);
        } catch (ImageDecodeException e) {
            return new PreparedImage(pathString, source, length, mtime, sha, null, e.getMessage());
        } catch (RuntimeException e) {
            return new PreparedImage(pathString, source, length, mtime, sha, null, named
                    + ": cannot decode the image (" + e + ")");
        }
    }

    private ImageDecoder decoder() {
        if (decoder == null) {
            decoder = new ImageDecoder(ImageLimits.defaults().withMaxPixels(maxPixels));
        }
        return decoder;
    }

    private static long millis(Object time) {
        if (time instanceof Timestamp t) {
            return t.getTime();
        }
        if (time instanceof Instant i) {
            return i.toEpochMilli();
        }
        return time instanceof Number n ? n.longValue() : 0L;
    }
}
