package dev.autodistill4j.metaclip.tokenizer;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The text clean-up CLIP's reference tokenizer applies before BPE:
 * {@code whitespace_clean(basic_clean(text)).lower()} where {@code basic_clean} is
 * {@code ftfy.fix_text} then {@code html.unescape} twice then {@code strip()}.
 *
 * <p>Of ftfy, the deterministic character-level fixes are reproduced (they change token ids for ordinary
 * user text): curly quotes to straight ones, Latin ligatures (ﬁ → fi), full-width ASCII and the ideographic
 * space to their normal forms, C1 controls read as Windows-1252, line-break normalisation, removal of control and BOM characters, and NFC.
 * ftfy's mojibake repair (re-decoding text that was decoded with the wrong codec) is heuristic and is not
 * reproduced: a prompt such as "cafÃ©" keeps its garbled letters here.
 *
 * <p>Whitespace follows Python's {@code str.isspace} (which, unlike Java's {@code Character.isWhitespace},
 * includes the no-break spaces), and lower-casing uses the root locale, as Python's {@code str.lower}.
 */
final class TextCleaner {
    private static final String LIGATURES = "\u0132\u0133\u0149\u01C4\u01C5\u01C6\u01C7\u01C8\u01C9\u01CA\u01CB\u01CC\u01F1\u01F2\u01F3"
            + "\uFB00\uFB01\uFB02\uFB03\uFB04\uFB05\uFB06";

    private TextCleaner() {
    }

    static String clean(String text) {
        String t = ftfyLite(text);
        t = HtmlUnescape.unescape(HtmlUnescape.unescape(t));
        t = collapseWhitespace(t);
        return t.toLowerCase(Locale.ROOT);
    }

    /** Python's {@code str.isspace} for one code point. */
    static boolean isPythonSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    /** {@code re.sub(r"\s+", " ", text).strip()} (which also covers the {@code strip()} of basic_clean). */
    static String collapseWhitespace(String t) {
        StringBuilder sb = new StringBuilder(t.length());
        boolean pendingSpace = false;
        for (int i = 0; i < t.length(); ) {
            int c = t.codePointAt(i);
            i += Character.charCount(c);
            if (isPythonSpace(c)) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && sb.length() > 0) {
                sb.append(' ');
            }
            pendingSpace = false;
            sb.appendCodePoint(c);
        }
        return sb.toString();
    }

    static String ftfyLite(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\r') {
                // fix_line_breaks: \r\n and lone \r become \n
                if (i < text.length() && text.charAt(i) == '\n') {
                    i++;
                }
                sb.append('\n');
                continue;
            }
            if (c >= 0x80 && c <= 0x9F) {
                // fix_c1_controls: C1 controls decoded as (sloppy) Windows-1252, then fixed like any character
                // (so \x93 becomes a curly quote and then a straight one, as in ftfy)
                c = HtmlUnescape.windows1252(c);
            }
            appendFixed(sb, c);
        }
        return Normalizer.normalize(sb, Normalizer.Form.NFC);
    }

    private static void appendFixed(StringBuilder sb, int c) {
        switch (c) {
            case 0x2028, 0x2029 -> sb.append('\n');
            case 0x2018, 0x2019, 0x201A, 0x201B -> sb.append('\''); // uncurl_quotes
            case 0x201C, 0x201D, 0x201E, 0x201F -> sb.append('"');
            default -> {
                if (isRemovedControl(c)) {
                    return;
                }
                if (LIGATURES.indexOf(c) >= 0) {
                    // fix_latin_ligatures: the NFKC decomposition
                    sb.append(Normalizer.normalize(new String(Character.toChars(c)), Normalizer.Form.NFKC));
                    return;
                }
                if (c == 0x3000 || (c >= 0xFF01 && c <= 0xFFEE)) {
                    // fix_character_width: the NFKC form when it is a single character
                    String n = Normalizer.normalize(new String(Character.toChars(c)), Normalizer.Form.NFKC);
                    if (n.codePointCount(0, n.length()) == 1) {
                        sb.append(n);
                        return;
                    }
                }
                sb.appendCodePoint(c);
            }
        }
    }

    /** ftfy's remove_control_chars set (tab, line feed, form feed and carriage return are kept). */
    private static boolean isRemovedControl(int c) {
        return (c >= 0x00 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F
                || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC)
                || (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE007F);
    }
}
