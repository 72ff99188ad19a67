package dev.autodistill4j.metaclip.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code html.unescape}: all 2,231 HTML5 named references (including the legacy ones accepted without
 * a semicolon and the longest-prefix rule), decimal and hex references, the Windows-1252 replacements for
 * 0x80-0x9F, U+FFFD for surrogates and out-of-range values, and removal of the code points HTML forbids.
 *
 * <p>Why exact: CLIP's tokenizer unescapes every caption twice before BPE, so {@code "&amp;"} reaches the model
 * as {@code "&"}. A partial table would give other token ids than the reference for the same prompt.
 */
final class HtmlUnescape {
    private static final Pattern CHARREF =
            Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
    private static final Map<String, String> ENTITIES = loadEntities();
    private static final Map<Integer, Integer> INVALID_CHARREFS = invalidCharrefs();

    private HtmlUnescape() {
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = CHARREF.matcher(s);
        StringBuilder sb = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(replace(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String replace(String s) {
        if (s.charAt(0) == '#') {
            boolean hex = s.charAt(1) == 'x' || s.charAt(1) == 'X';
            String digits = s.substring(hex ? 2 : 1);
            if (digits.endsWith(";")) {
                digits = digits.substring(0, digits.length() - 1);
            }
            long num = parse(digits, hex ? 16 : 10);
            if (num <= Integer.MAX_VALUE && INVALID_CHARREFS.containsKey((int) num)) {
                return new String(Character.toChars(INVALID_CHARREFS.get((int) num)));
            }
            if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
                return "\uFFFD";
            }
            if (isInvalidCodepoint((int) num)) {
                return "";
            }
            return new String(Character.toChars((int) num));
        }
        String value = ENTITIES.get(s);
        if (value != null) {
            return value;
        }
        for (int x = s.length() - 1; x > 1; x--) {
            String prefix = ENTITIES.get(s.substring(0, x));
            if (prefix != null) {
                return prefix + s.substring(x);
            }
        }
        return "&" + s;
    }

    /** Parses a long digit string, saturating (Python's int is unbounded; anything this large maps to U+FFFD). */
    private static long parse(String digits, int radix) {
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            v = v * radix + Character.digit(digits.charAt(i), radix);
            if (v > 0x10FFFF) {
                return 0x110000L;
            }
        }
        return v;
    }

    /** The Windows-1252 character for a C1 code point 0x80-0x9F (undefined ones map to themselves). */
    static int windows1252(int c) {
        Integer v = INVALID_CHARREFS.get(c);
        return v == null || c < 0x80 ? c : v;
    }

    private static boolean isInvalidCodepoint(int c) {
        return (c >= 0x1 && c <= 0x8) || c == 0xB || (c >= 0xE && c <= 0x1F) || (c >= 0x7F && c <= 0x9F)
                || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }

    private static Map<Integer, Integer> invalidCharrefs() {
        int[][] pairs = {{0x00, 0xFFFD}, {0x0D, 0x0D}, {0x80, 0x20AC}, {0x81, 0x81}, {0x82, 0x201A}, {0x83, 0x192},
            {0x84, 0x201E}, {0x85, 0x2026}, {0x86, 0x2020}, {0x87, 0x2021}, {0x88, 0x2C6}, {0x89, 0x2030},
            {0x8A, 0x160}, {0x8B, 0x2039}, {0x8C, 0x152}, {0x8D, 0x8D}, {0x8E, 0x17D}, {0x8F, 0x8F}, {0x90, 0x90},
            {0x91, 0x2018}, {0x92, 0x2019}, {0x93, 0x201C}, {0x94, 0x201D}, {0x95, 0x2022}, {0x96, 0x2013},
            {0x97, 0x2014}, {0x98, 0x2DC}, {0x99, 0x2122}, {0x9A, 0x161}, {0x9B, 0x203A}, {0x9C, 0x153},
            {0x9D, 0x9D}, {0x9E, 0x17E}, {0x9F, 0x178}};
        Map<Integer, Integer> m = new HashMap<>();
        for (int[] p : pairs) {
            m.put(p[0], p[1]);
        }
        return Map.copyOf(m);
    }

    private static Map<String, String> loadEntities() {
        String resource = "html5-entities.tsv";
        try (InputStream in = HtmlUnescape.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> m = new HashMap<>(4096);
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                StringBuilder value = new StringBuilder();
                for (String cp : line.substring(tab + 1).split(" ")) {
                    value.appendCodePoint(Integer.parseInt(cp, 16));
                }
                m.put(line.substring(0, tab), value.toString());
            }
            return Map.copyOf(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
