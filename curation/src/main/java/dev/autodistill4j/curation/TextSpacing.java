package dev.autodistill4j.curation;

/**
 * MetaCLIP 1's {@code spacing()} of an alt-text, which decides what "word boundary" means in matching:
 * <ol>
 *   <li>the text is padded: {@code " " + text + " "};</li>
 *   <li>each of {@code , . ; : ? ! `} becomes space + char + space;</li>
 *   <li>each of {@code \t \n \r} becomes one space ({@code \r\n} gives two).</li>
 * </ol>
 * Nothing else: no lower-casing, no Unicode normalisation, no collapsing of repeated spaces; other punctuation
 * and other white space (NBSP, U+3000, fullwidth comma) are ordinary characters. The reference does these as
 * successive {@code str.replace} calls; since every replacement only adds spaces around the character itself,
 * one left-to-right pass gives the same string.
 */
public final class TextSpacing {
    private TextSpacing() {
    }

    /** The longest spaced form of a text of {@code length} chars (every char wrapped, plus the two pads). */
    static int maxSpacedLength(int length) {
        return 3 * length + 2;
    }

    /** The spaced text, as the reference's {@code spacing(text)} returns it. */
    public static String spaced(String text) {
        char[] buf = new char[maxSpacedLength(text.length())];
        return new String(buf, 0, space(text, buf));
    }

    /** Writes the spaced form of {@code text} into {@code out} (at least {@link #maxSpacedLength}) and returns its length. */
    static int space(String text, char[] out) {
        int n = 0;
        out[n++] = ' ';
        for (int i = 0, len = text.length(); i < len; i++) {
            char c = text.charAt(i);
            switch (c) {
                case ',', '.', ';', ':', '?', '!', '`' -> {
                    out[n++] = ' ';
                    out[n++] = c;
                    out[n++] = ' ';
                }
                case '\t', '\n', '\r' -> out[n++] = ' ';
                default -> out[n++] = c;
            }
        }
        out[n++] = ' ';
        return n;
    }
}
