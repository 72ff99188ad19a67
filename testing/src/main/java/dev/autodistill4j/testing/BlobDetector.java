package dev.autodistill4j.testing;

import dev.autodistill4j.api.model.Detection;
import dev.autodistill4j.api.model.DetectionModel;
import dev.autodistill4j.api.model.DetectionRequest;
import dev.autodistill4j.api.model.Detections;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A detector for tests, written against framework-api alone: each 4-connected blob of pixels that are not the
 * background colour is one box of the single class {@code blob}, scored by how much of its box it fills (a
 * filled rectangle 1, a diagonal line little). Evidence only: it applies no threshold and no suppression.
 * {@code duplicates} adds, for each blob, its box grown by one pixel on every side (which may leave the image)
 * at 0.9 × the score — what a real detector's raw output looks like before non-maximum suppression.
 */
public final class BlobDetector implements DetectionModel {
    public static final String CLASS_NAME = "blob";

    private final ModelInfo info;
    private final int background;
    private final int minArea;
    private final boolean duplicates;

    BlobDetector(ModelInfo info, int background, int minArea, boolean duplicates) {
        this.info = info;
        this.background = background & 0xFFFFFF;
        this.minArea = minArea;
        this.duplicates = duplicates;
    }

    @Override
    public Ontology ontology() {
        return CaptionOntology.ofClasses(List.of(CLASS_NAME));
    }

    @Override
    public List<Detections> detect(DetectionRequest request) {
        return request.images().stream().map(this::detect).toList();
    }

    private Detections detect(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        boolean[] seen = new boolean[w * h];
        int[] stack = new int[w * h]; // each pixel is pushed at most once
        List<Detection> out = new ArrayList<>();
        for (int start = 0; start < rgb.length; start++) {
            if (seen[start] || (rgb[start] & 0xFFFFFF) == background) {
                continue;
            }
            int[] box = flood(rgb, seen, stack, w, start); // x0, y0, x1, y1 (inclusive), pixel count
            int bw = box[2] - box[0] + 1;
            int bh = box[3] - box[1] + 1;
            if (box[4] < minArea) {
                continue;
            }
            float fill = (float) box[4] / (bw * bh);
            out.add(new Detection(box[0], box[1], bw, bh, new float[] {fill}));
            if (duplicates) {
                out.add(new Detection(box[0] - 1, box[1] - 1, bw + 2, bh + 2, new float[] {0.9f * fill}));
            }
        }
        return new Detections(out);
    }

    /** Marks the blob of {@code start} seen; its bounding box (inclusive) and pixel count. */
    private int[] flood(int[] rgb, boolean[] seen, int[] stack, int w, int start) {
        int h = rgb.length / w;
        int[] box = {w, h, -1, -1, 0};
        int top = 0;
        stack[top++] = start;
        seen[start] = true;
        while (top > 0) {
            int p = stack[--top];
            int x = p % w;
            int y = p / w;
            box[0] = Math.min(box[0], x);
            box[1] = Math.min(box[1], y);
            box[2] = Math.max(box[2], x);
            box[3] = Math.max(box[3], y);
            box[4]++;
            int[] next = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
            for (int q : next) {
                if (q >= 0 && !seen[q] && (rgb[q] & 0xFFFFFF) != background) {
                    seen[q] = true;
                    stack[top++] = q;
                }
            }
        }
        return box;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public void close() {
        // nothing native
    }
}
