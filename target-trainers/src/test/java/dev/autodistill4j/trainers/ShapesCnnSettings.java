package dev.autodistill4j.trainers;

import java.util.Map;

/** The cnn settings the shapes end-to-end test (and docs/trainers.md) use: cheap on 2 CPU cores. */
final class ShapesCnnSettings {
    static final int EPOCHS = 20;
    static final Map<String, String> PARAMS = Map.of("input-size", "32", "widths", "16,32,64,128",
            "crop-scale", "0.8");

    private ShapesCnnSettings() {
    }
}
