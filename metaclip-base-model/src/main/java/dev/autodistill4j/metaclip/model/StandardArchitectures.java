package dev.autodistill4j.metaclip.model;

import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig.Activation;

/** Architectures known by name, for building random models of a realistic shape (bench, tests). */
public final class StandardArchitectures {
    private StandardArchitectures() {
    }

    /** CLIP's text tower as every ViT-B/L CLIP has it: 77 tokens, 49408 ids, 12 layers of width 512, 8 heads. */
    private static ClipConfig.Text clipText(int width, int heads, int layers) {
        return new ClipConfig.Text(77, 49408, width, 4 * width, layers, heads, 1e-5, Activation.QUICK_GELU,
                49406, 49407);
    }

    /** MetaCLIP / OpenAI ViT-B/32: 224 px, patch 32, width 768, 12 layers, 12 heads; embed 512. */
    public static ClipConfig vitB32() {
        ClipConfig.Vision v = new ClipConfig.Vision(224, 32, 768, 3072, 12, 12, 1e-5, Activation.QUICK_GELU);
        return new ClipConfig(v, clipText(512, 8, 12), 512);
    }

    /** A few-layer model with CLIP's vocabulary, for tests: 64 px, patch 16, widths 128/64. */
    public static ClipConfig tiny() {
        ClipConfig.Vision v = new ClipConfig.Vision(64, 16, 128, 512, 2, 2, 1e-5, Activation.QUICK_GELU);
        return new ClipConfig(v, new ClipConfig.Text(77, 49408, 64, 256, 2, 4, 1e-5, Activation.QUICK_GELU,
                49406, 49407), 32);
    }

    /** Resolves a name given to {@code bench --architecture}. */
    public static ClipConfig byName(String name) {
        return switch (name) {
            case "vit-b-32", "ViT-B-32", "b32" -> vitB32();
            case "tiny" -> tiny();
            default -> throw new IllegalArgumentException("unknown architecture '" + name
                    + "': use vit-b-32 or tiny");
        };
    }
}
