package dev.autodistill4j.datasets;

import java.nio.file.Path;

/**
 * One labelled image of a classification dataset.
 *
 * @param image the image file
 * @param label its class name (the folder it sits in)
 * @param split the split it belongs to
 */
public record DatasetItem(Path image, String label, Split split) {
}
