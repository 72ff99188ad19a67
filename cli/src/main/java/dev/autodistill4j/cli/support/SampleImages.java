package dev.autodistill4j.cli.support;

import dev.autodistill4j.runtime.image.ImageDecoder;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The images a check looks at before a run: a few spread evenly over the input, decoded as the run decodes. */
final class SampleImages {
    private SampleImages() {
    }

    /**
     * {@code n} images spread evenly over {@code images} (all of them when there are fewer): the first 64 of a
     * folder sorted by class would often be one class only.
     */
    static List<Path> spread(List<Path> images, int n) {
        if (images.size() <= n) {
            return images;
        }
        List<Path> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(images.get((int) ((long) i * images.size() / n)));
        }
        return out;
    }

    /** Decodes each image; one that cannot be decoded is left out (the run itself reports it). */
    static List<BufferedImage> decode(List<Path> files) {
        ImageDecoder decoder = ImageDecoder.defaults();
        List<BufferedImage> out = new ArrayList<>(files.size());
        for (Path f : files) {
            try {
                out.add(decoder.decode(f));
            } catch (RuntimeException e) {
                // left out of the sample; the run reports the file with its own error
            }
        }
        return out;
    }
}
