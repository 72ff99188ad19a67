package dev.autodistill4j.search;

import java.util.List;

/**
 * What one incremental indexing run did.
 *
 * @param added     images new to the index
 * @param updated   images whose size or mtime changed, re-embedded
 * @param unchanged images skipped because size and mtime matched
 * @param removed   images deleted from disk, removed from the index
 * @param failures  unreadable images (not fatal), with the reason
 * @param total     images in the index after the run
 */
public record IndexReport(int added, int updated, int unchanged, int removed, List<Failure> failures, int total) {

    public IndexReport {
        failures = List.copyOf(failures);
    }

    public int failed() {
        return failures.size();
    }

    /** An image that could not be embedded. */
    public record Failure(String path, String error) {
    }
}
