package dev.autodistill4j.trainers;

import java.util.Map;

/**
 * The cnn settings the shapes end-to-end test (and docs/trainers.md) use: the defaults (64 px, widths
 * 16,32,64,128, 30 epochs, soft labels at temperature 4), which train in about a minute per CPU core here.
 */
final class ShapesCnnSettings {
    static final int EPOCHS = 30;
    static final Map<String, String> PARAMS = Map.of();

    private ShapesCnnSettings() {
    }
}
