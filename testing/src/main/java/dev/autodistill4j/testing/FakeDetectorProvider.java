package dev.autodistill4j.testing;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Test-scope provider {@code fake-detector} (registered, like {@code test-colour}, in this artifact's
 * META-INF/services, so only test class paths find it): loads a {@link BlobDetector}, the worked example of a
 * detector plugged in through the provider SPI alone. Options: {@code background=RRGGBB} (default 000000),
 * {@code minArea=N} pixels (default 4), {@code duplicates=true} (a grown copy of every box, for suppression).
 */
public final class FakeDetectorProvider implements BaseModelProvider {
    public static final String NAME = "fake-detector";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test-only detector: one box per blob of non-background pixels";
    }

    /** None: there is one fake detector, shaped by its options. */
    @Override
    public List<String> references() {
        return List.of();
    }

    @Override
    public BaseModel load(ModelRequest request) {
        if (request.reference() != null) {
            throw new ModelLoadException(NAME + " takes no reference ('" + request.reference() + "'): use " + NAME
                    + " and its options");
        }
        int background;
        int minArea;
        try {
            background = HexFormat.fromHexDigits(request.option("background", "000000"));
            minArea = Integer.parseInt(request.option("minArea", "4"));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(NAME + " options: background must be RRGGBB hex and minArea an integer", e);
        }
        boolean duplicates = Boolean.parseBoolean(request.option("duplicates", "false"));
        String hex = HexFormat.of().withUpperCase().toHexDigits(background).substring(2);
        ModelInfo info = new ModelInfo(NAME, "", null, null, "Apache-2.0 (test code)",
                Map.of("background", hex, "minArea", minArea, "duplicates", duplicates));
        return new BlobDetector(info, background, minArea, duplicates);
    }
}
