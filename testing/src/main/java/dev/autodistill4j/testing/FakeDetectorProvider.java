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

    @Override
    public List<String> references() {
        return List.of("default");
    }

    @Override
    public String license() {
        return "Apache-2.0 (test code)";
    }

    @Override
    public BaseModel load(ModelRequest request) {
        String ref = request.reference();
        if (ref != null && !ref.equals("default")) {
            throw new ModelLoadException(NAME + " has no model '" + ref + "': use " + NAME + " or " + NAME + ":default");
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
        ModelInfo info = new ModelInfo(NAME, ref == null ? "default" : ref, null, null, "Apache-2.0",
                Map.of("background", HexFormat.of().withUpperCase().toHexDigits(background).substring(2), "minArea", minArea,
                        "duplicates", duplicates));
        return new BlobDetector(info, background, minArea, duplicates);
    }
}
