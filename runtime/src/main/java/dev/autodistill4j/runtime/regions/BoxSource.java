package dev.autodistill4j.runtime.regions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where {@code label-regions} gets the boxes it names: box files beside the images ({@link FileBoxes}, the
 * {@code boxes} setting) or a detector run on each image ({@link DetectorBoxes}, the {@code detector} setting).
 * Everything after the boxes — cropping, naming by the classification model, the YOLO files, the manifest,
 * resume and the output folder's rules — is the runner's, the same for both.
 */
interface BoxSource {

    /** The work of the run in order; each item's loader gives the boxes of its decoded image. */
    List<RegionWork> plan(RegionLabelConfig config);

    /**
     * Adds to {@code run.json} where the boxes come from, at the position of {@code boxes} and {@code format};
     * those entries are part of the resume key ({@link RegionOutputFolder#RESUME_KEYS}).
     */
    void describe(Map<String, Object> record);

    /** Files this source writes at the top of the output besides classes.txt and data.yaml (for `overwrite`). */
    List<String> ownFiles();

    /** Once every image is done: writes what needs all records (the COCO file); {@code out} is the output. */
    void finish(List<String> written, List<Map<String, Object>> records, Path out);
}
