package dev.autodistill4j.spark.job;

import java.awt.image.BufferedImage;

/**
 * One input file read and decoded on an executor: {@code image} set, or {@code error} set ({@code sha256} null
 * when the file could not be read at all).
 *
 * @param path   the Hadoop path as listed
 * @param source the manifest/index key ({@link HadoopFiles#sourceKey})
 * @param length file size in bytes
 * @param mtime  modification time, epoch milliseconds
 */
public record PreparedImage(String path, String source, long length, long mtime, String sha256, BufferedImage image,
                            String error) {
}
