package dev.autodistill4j.cli.support;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.runtime.image.ImageFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Expands image arguments: a folder stands for its images (recursive, sorted), a file for itself. */
public final class ImageArguments {
    private ImageArguments() {
    }

    public static List<Path> expand(List<Path> args) {
        List<Path> out = new ArrayList<>();
        for (Path p : args) {
            if (Files.isDirectory(p)) {
                out.addAll(ImageFiles.walk(p));
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new Autodistill4jException(p + " does not exist: check the image path");
            }
        }
        if (out.isEmpty()) {
            throw new Autodistill4jException("no images found in " + args
                    + ": give image files or folders holding .jpg .jpeg .png .bmp .gif .webp files");
        }
        return out;
    }
}
