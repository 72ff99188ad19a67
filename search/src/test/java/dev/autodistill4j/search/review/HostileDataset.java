package dev.autodistill4j.search.review;

import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelRunner;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.search.TestImages;
import dev.autodistill4j.testing.ColourHistogramProvider;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real {@code label} output (the test-colour model) whose class and file names are hostile: markup, quotes,
 * a right-to-left override, a newline; plus one unreadable input with markup in its name.
 */
public final class HostileDataset {
    public static final String RED = "red";
    public static final String BLUE = "blue <script>window.__pwned=2</script>";
    public static final String GREEN = "<img src=x onerror=\"window.__pwned=3\">";
    public static final String YELLOW = "\u202Eyellow \"q\" 'a'\nline two";
    public static final List<String> HOSTILE_FILES = List.of("<img src=x onerror=window.__pwned=1>.png",
            "\"q'uote&amp;.png", "\u202Egnp.evil.png", "new\nline.png");
    public static final String BROKEN = "<i onclick=alert(1)>broken.png";

    private HostileDataset() {
    }

    /** Labels generated images into {@code out} (inputs under {@code in}); 6 red, 4 each of the others, 2 white. */
    public static Path label(Path in, Path out) throws Exception {
        for (int i = 0; i < 6; i++) {
            TestImages.write(in.resolve("reds/r" + i + ".png"), Color.RED, i, 6);
        }
        for (int i = 0; i < HOSTILE_FILES.size(); i++) {
            TestImages.write(in.resolve("hostile/" + HOSTILE_FILES.get(i)), Color.RED, 50 + i, 6);
        }
        for (int i = 0; i < 4; i++) {
            TestImages.write(in.resolve("blues/b" + i + ".png"), Color.BLUE, i, 6);
            TestImages.write(in.resolve("greens/g" + i + ".png"), Color.GREEN, i, 6);
            TestImages.write(in.resolve("yellows/y" + i + ".png"), Color.YELLOW, i, 6);
        }
        for (int i = 0; i < 2; i++) {
            TestImages.write(in.resolve("whites/w" + i + ".png"), Color.WHITE, i, 0);
        }
        Files.write(in.resolve("hostile/" + BROKEN), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        Map<String, String> prompts = new LinkedHashMap<>();
        prompts.put("red", RED);
        prompts.put("blue", BLUE);
        prompts.put("green", GREEN);
        prompts.put("yellow", YELLOW);
        LabelConfig config = LabelConfig.builder().model("test-colour").ontology(CaptionOntology.of(prompts))
                .input(in).output(out).seed(3).build();
        new LabelRunner(BaseModelRegistry.of(List.of(new ColourHistogramProvider()))).run(config, ProgressListener.NONE);
        return out;
    }
}
