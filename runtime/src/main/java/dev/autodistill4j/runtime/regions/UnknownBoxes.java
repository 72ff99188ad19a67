package dev.autodistill4j.runtime.regions;

import java.util.Locale;

/** What happens to a box no class names with enough confidence (or one below {@code --min-size}). */
public enum UnknownBoxes {
    /** Written back with the extra class {@code unknown} (the last class id / category). */
    KEEP,
    /** Left out of the output; still listed, with its scores, in the manifest. */
    DROP;

    public static final String CLASS_NAME = "unknown";

    public static UnknownBoxes parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RegionConfigException("`unknown` '" + s + "' must be keep or drop");
        }
    }
}
