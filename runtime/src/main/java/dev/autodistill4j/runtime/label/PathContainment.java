package dev.autodistill4j.runtime.label;

import dev.autodistill4j.datasets.DatasetWriteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whether one folder lies inside another, decided on real paths ({@link Path#toRealPath}: symbolic links and
 * {@code ..} resolved), never on the spelling of the arguments. An {@code --input} that is a link into the output
 * looks unrelated lexically, yet {@code --overwrite} would delete the images; an {@code --output} reached through
 * a link inside the input looks outside it, yet the next run would label the dataset as input.
 */
public final class PathContainment {
    private PathContainment() {
    }

    /**
     * The real path of {@code p}; for a path that does not exist yet, the real path of its nearest existing
     * ancestor with the missing names appended (what the path will be once created).
     */
    public static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            throw new DatasetWriteException("cannot resolve " + p + " (" + e + "): check that its folders exist and "
                    + "are readable", e);
        }
    }

    /** Refuses an input folder that is, or lies inside, the output folder (through links or not). */
    static void requireInputOutsideOutput(Path input, Path output) {
        Path in = real(input);
        Path out = real(output);
        if (in.startsWith(out)) {
            String how = in.equals(out) ? "is the same folder as" : "lies inside";
            throw new DatasetWriteException("`input` " + input + " " + how + " `output` " + output + " (real paths "
                    + in + " and " + out + "): labelling would overwrite or re-label its own images; choose an "
                    + "`output` outside the input; nothing was changed");
        }
    }
}
