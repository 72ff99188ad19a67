package dev.autodistill4j.datasets;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps class names to folder names that are safe on every file system and can never leave the dataset root.
 *
 * <p>The mapping (documented in docs/framework.md):
 * <ol>
 *   <li>Unicode NFC normalisation; leading/trailing white space removed.</li>
 *   <li>Each of {@code / \ : * ? " < > |}, control characters (U+0000–U+001F, U+007F–U+009F) and
 *       line/paragraph separators becomes {@code _}.</li>
 *   <li>Leading dots become {@code _} (so {@code ..} is {@code __}, {@code .hidden} is {@code _hidden}); trailing
 *       dots and spaces (dropped by Windows) become {@code _}.</li>
 *   <li>Empty → {@code _}; Windows device names ({@code con}, {@code nul}, {@code com1}…) get a trailing
 *       {@code _}; longer than {@value #MAX_LENGTH} characters → truncated.</li>
 *   <li>When two classes of one ontology map to the same folder (case-insensitively, for macOS/Windows), the
 *       later one gets {@code -2}, {@code -3}… so no two classes ever share a folder.</li>
 * </ol>
 * So {@code ../../evil} becomes {@code ___.._evil}: one harmless folder under the split folder.
 */
public final class ClassFolders {
    public static final int MAX_LENGTH = 120;
    private static final Set<String> WINDOWS_DEVICES = Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3",
            "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7",
            "lpt8", "lpt9");

    private ClassFolders() {
    }

    /** The safe folder name of one class, ignoring collisions with other classes. */
    public static String folderName(String className) {
        String s = Normalizer.normalize(className == null ? "" : className, Normalizer.Form.NFC).strip();
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(unsafe(cp) ? '_' : cp));
        for (int i = 0; i < b.length() && b.charAt(i) == '.'; i++) {
            b.setCharAt(i, '_');
        }
        for (int i = b.length() - 1; i >= 0 && (b.charAt(i) == '.' || b.charAt(i) == ' '); i--) {
            b.setCharAt(i, '_');
        }
        String out = b.toString();
        if (out.codePointCount(0, out.length()) > MAX_LENGTH) {
            out = out.substring(0, out.offsetByCodePoints(0, MAX_LENGTH));
        }
        if (out.isEmpty()) {
            out = "_";
        }
        String base = out.contains(".") ? out.substring(0, out.indexOf('.')) : out;
        if (WINDOWS_DEVICES.contains(base.toLowerCase(Locale.ROOT))) {
            out = out + "_";
        }
        return out;
    }

    /** Folder of every class, in class order, unique case-insensitively. */
    public static Map<String, String> forClasses(List<String> classes) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (String c : classes) {
            if (out.containsKey(c)) {
                continue;
            }
            String base = folderName(c);
            String name = base;
            int n = 1;
            while (used.containsKey(name.toLowerCase(Locale.ROOT))) {
                n++;
                name = base + "-" + n;
            }
            used.put(name.toLowerCase(Locale.ROOT), 1);
            out.put(c, name);
        }
        return out;
    }

    private static boolean unsafe(int cp) {
        return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029
                || "/\\:*?\"<>|".indexOf(cp) >= 0;
    }
}
