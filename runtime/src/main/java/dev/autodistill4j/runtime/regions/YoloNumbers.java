package dev.autodistill4j.runtime.regions;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The number syntax of YOLO label files, read the way every YOLO reader reads them and written back in one
 * form.
 *
 * <p>Readers differ in what else they take (Python's {@code float()} also reads {@code inf}, {@code nan} and
 * {@code 1_0}; C's {@code strtod} reads hex floats; Java's {@code Double.parseDouble} reads {@code 0x1p-2},
 * {@code 0.25f} and {@code 0.5d}, and {@code Long.parseLong} reads non-ASCII digits), so only what all of them
 * read alike is accepted: ASCII decimal numbers with an optional sign, fraction and exponent. Class ids are
 * ASCII digits. Numbers are written as the shortest plain decimal of the value read ({@code 0.250000},
 * {@code 2.5e-1} and {@code +.25} all become {@code 0.25}), never as the input spelled them, so no reader can
 * see a token another one rejects.
 */
final class YoloNumbers {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,18}");

    private YoloNumbers() {
    }

    /** The value of a decimal token, or NaN when the token is not one. */
    static double decimal(String token) {
        if (token.length() > 64 || !DECIMAL.matcher(token).matches()) {
            return Double.NaN;
        }
        return Double.parseDouble(token);
    }

    /** The value of a class id token (ASCII digits), or -1 when it is not one. */
    static long classId(String token) {
        return WHOLE.matcher(token).matches() ? Long.parseLong(token) : -1;
    }

    /** The canonical spelling of a finite value: shortest round-trip digits, plain notation, no trailing zeros. */
    static String canonical(double v) {
        if (v == 0) {
            return "0";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
