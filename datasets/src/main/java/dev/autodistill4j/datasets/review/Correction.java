package dev.autodistill4j.datasets.review;

/**
 * What a person asks for one image: accept its label, or move it to {@code toClass} (null: unlabeled). The
 * request carries what the person saw ({@code expectedClass}, {@code sha256}); it is applied only while the image
 * is still in that state (compare-and-set), so two tabs correcting the same image never move it twice.
 *
 * @param source        the manifest record's {@code source} key
 * @param sha256        the image's sha256 as shown
 * @param expectedClass its class as shown (null: unlabeled)
 * @param accept        true: confirm the label, nothing moves
 * @param toClass       for a move: the new class, or null for unlabeled
 */
public record Correction(String source, String sha256, String expectedClass, boolean accept, String toClass) {

    public static Correction accept(String source, String sha256, String expectedClass) {
        return new Correction(source, sha256, expectedClass, true, expectedClass);
    }

    public static Correction move(String source, String sha256, String expectedClass, String toClass) {
        return new Correction(source, sha256, expectedClass, false, toClass);
    }
}
