package dev.autodistill4j.search;

import java.io.IOException;
import java.nio.file.Path;

/** The read and write failures of an index, worded once for the reader and the writer. */
final class IndexErrors {
    private IndexErrors() {
    }

    static SearchIndexException readFailure(Path dir, IOException e) {
        return new SearchIndexException("cannot read the search index at " + dir + " (" + e.getMessage()
                + "): it may be damaged; delete it and run 'autodistill4j index' again", e);
    }

    static SearchIndexException writeFailure(Path dir, IOException e) {
        return new SearchIndexException("cannot write the search index at " + dir + " (" + e.getMessage()
                + "): check free disk space and permissions", e);
    }

    /** Closes what is not null, ignoring failures: used while another error is already on its way out. */
    static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable c : resources) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already failing; the original error is the useful one
                }
            }
        }
    }
}
