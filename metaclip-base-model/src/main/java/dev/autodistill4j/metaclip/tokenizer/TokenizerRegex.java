package dev.autodistill4j.metaclip.tokenizer;

import java.util.Set;

/**
 * Decides whether a {@code tokenizer.json} regular expression (a {@code Split} pre-tokenizer's or a
 * {@code Replace} normaliser's {@code {"Regex": …}}) is safe to hand to the native tokenizer, which runs it with
 * Oniguruma, a backtracking engine. When one match attempt backtracks more than Oniguruma's retry limit (10
 * million), the Rust binding panics and the JVM aborts (exit 134): {@code (a+)+$} does it on 40 characters,
 * {@code a*a*(?:y|$)} on 10,000. So only patterns whose backtracking per start position is bounded by a small
 * multiple of the text length are accepted:
 * <ul>
 *   <li>no repetition of something that itself repeats or alternates ({@code (a+)+}, {@code (a|aa)*},
 *       {@code (?:x{2}){5}});</li>
 *   <li>at most one unbounded repetition ({@code *}, {@code +}, {@code {n,}}, {@code {n,m}} with m &gt; 16) on
 *       any path through a concatenation ({@code a*a*b} is refused), at most four repeated or optional
 *       items on a path, at most eight unbounded repetitions in all;</li>
 *   <li>no back-references, subexpression calls, conditionals or absent operators; at most 64 alternatives
 *       and 1,024 characters.</li>
 * </ul>
 * Together with {@link HfTextTokenizer#MAX_TEXT_CHARS} this keeps every match attempt far below the limit. The
 * pre-tokenizer patterns of GPT-2 and CLIP pass; the cl100k / Llama 3 pattern (two disjoint repetitions in a
 * row, linear in practice) is accepted by name.
 */
final class TokenizerRegex {
    static final int MAX_LENGTH = 1024;
    static final int MAX_ALTERNATIVES = 64;
    private static final int MAX_POINTS = 4;
    private static final int MAX_UNBOUNDED = 8;
    private static final int SMALL_REPEAT = 16;
    private static final int MAX_DEPTH = 32;
    /** Published pre-tokenizer patterns checked by hand (and under adversarial 100,000-character texts). */
    private static final Set<String> KNOWN = Set.of(
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                    + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    private final String p;
    private int i;
    private int alternatives;
    private int unboundedTotal;

    /** What a sub-expression costs: unbounded repetitions and backtracking points on its worst path. */
    private record Cost(int unbounded, int points, boolean repeats, boolean alternates) {
        static final Cost NONE = new Cost(0, 0, false, false);
    }

    private static final class Unsafe extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsafe(String message) {
            super(message, null, false, false);
        }
    }

    private TokenizerRegex(String pattern) {
        this.p = pattern;
    }

    /** Why {@code pattern} may not run in the native tokenizer, or null when it may. */
    static String problem(String pattern) {
        if (KNOWN.contains(pattern)) {
            return null;
        }
        if (pattern.length() > MAX_LENGTH) {
            return "is " + pattern.length() + " characters long (at most " + MAX_LENGTH + ")";
        }
        TokenizerRegex r = new TokenizerRegex(pattern);
        try {
            r.alternation(0);
            if (r.i < pattern.length()) {
                throw new Unsafe("has an unbalanced ')' at position " + r.i);
            }
            return null;
        } catch (Unsafe e) {
            return e.getMessage();
        }
    }

    private Cost alternation(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Unsafe("nests groups deeper than " + MAX_DEPTH);
        }
        Cost worst = sequence(depth);
        boolean branches = false;
        while (i < p.length() && p.charAt(i) == '|') {
            i++;
            if (++alternatives > MAX_ALTERNATIVES) {
                throw new Unsafe("has more than " + MAX_ALTERNATIVES + " alternatives");
            }
            Cost c = sequence(depth);
            worst = new Cost(Math.max(worst.unbounded, c.unbounded), Math.max(worst.points, c.points),
                    worst.repeats || c.repeats, true);
            branches = true;
        }
        return branches ? new Cost(worst.unbounded, worst.points, worst.repeats, true) : worst;
    }

    private Cost sequence(int depth) {
        int unbounded = 0;
        int points = 0;
        boolean repeats = false;
        boolean alternates = false;
        while (i < p.length() && p.charAt(i) != '|' && p.charAt(i) != ')') {
            int start = i;
            Cost atom = quantified(atom(depth), start);
            unbounded += atom.unbounded;
            points += atom.points;
            repeats |= atom.repeats;
            alternates |= atom.alternates;
            if (unbounded > 1) {
                throw new Unsafe("repeats without bound twice in a row (at position " + start + "; like a*a*b, it "
                        + "can take polynomial time to fail)");
            }
            if (points > MAX_POINTS) {
                throw new Unsafe("has more than " + MAX_POINTS + " repeated or optional items in a row (at position "
                        + start + ")");
            }
        }
        return new Cost(unbounded, points, repeats, alternates);
    }

    private Cost quantified(Cost atom, int start) {
        long[] q = quantifier();
        if (q == null) {
            return atom;
        }
        long max = q[1];
        if (max >= 0 && max <= 1) {
            return new Cost(atom.unbounded, atom.points + 1, atom.repeats, atom.alternates);
        }
        if (atom.repeats || atom.alternates) {
            throw new Unsafe("repeats a group that itself repeats or alternates (at position " + start + "; like "
                    + "(a+)+ or (a|aa)*, it can take exponential time)");
        }
        boolean unbounded = max < 0 || max > SMALL_REPEAT;
        if (unbounded && ++unboundedTotal > MAX_UNBOUNDED) {
            throw new Unsafe("repeats without bound more than " + MAX_UNBOUNDED + " times in all");
        }
        return new Cost(atom.unbounded + (unbounded ? 1 : 0), atom.points + 1, true, false);
    }

    /** {min, max} of a quantifier at {@code i} (max -1 = unbounded), consumed with any lazy/possessive suffix. */
    private long[] quantifier() {
        if (i >= p.length()) {
            return null;
        }
        long[] q;
        char c = p.charAt(i);
        if (c == '*' || c == '+' || c == '?') {
            i++;
            q = new long[]{c == '+' ? 1 : 0, c == '?' ? 1 : -1};
        } else if (c == '{') {
            int close = p.indexOf('}', i);
            String body = close < 0 ? "" : p.substring(i + 1, close);
            if (!body.matches("[0-9]{0,6}(,[0-9]{0,6})?") || body.isEmpty() || body.equals(",")) {
                return null; // a literal '{' in Ruby syntax
            }
            i = close + 1;
            String[] parts = body.split(",", -1);
            long min = parts[0].isEmpty() ? 0 : Long.parseLong(parts[0]);
            long max = parts.length == 1 ? min : parts[1].isEmpty() ? -1 : Long.parseLong(parts[1]);
            q = new long[]{min, max};
        } else {
            return null;
        }
        if (i < p.length() && (p.charAt(i) == '?' || p.charAt(i) == '+')) {
            i++;
        }
        if (quantifier() != null) {
            throw new Unsafe("stacks quantifiers at position " + i);
        }
        return q;
    }

    private Cost atom(int depth) {
        char c = p.charAt(i);
        switch (c) {
            case '(':
                return group(depth);
            case '[':
                skipClass();
                return Cost.NONE;
            case '\\':
                escape();
                return Cost.NONE;
            case '*', '+', '?':
                throw new Unsafe("has a quantifier with nothing to repeat at position " + i);
            default:
                i++;
                return Cost.NONE;
        }
    }

    private Cost group(int depth) {
        int open = i++;
        if (p.startsWith("?#", i)) {
            int close = p.indexOf(')', i);
            if (close < 0) {
                throw new Unsafe("has an unclosed comment at position " + open);
            }
            i = close + 1;
            return Cost.NONE;
        }
        if (p.startsWith("?(", i) || p.startsWith("?~", i)) {
            throw new Unsafe("uses a conditional or absent operator at position " + open);
        }
        if (p.startsWith("?", i)) {
            int body = groupPrefix(open);
            if (body < 0) {
                return Cost.NONE; // inline options such as (?i)
            }
        }
        Cost inner = alternation(depth + 1);
        if (i >= p.length() || p.charAt(i) != ')') {
            throw new Unsafe("has an unclosed group at position " + open);
        }
        i++;
        return inner;
    }

    /** Consumes a group's {@code ?…} prefix; -1 for an option-only group such as {@code (?i)} (consumed whole). */
    private int groupPrefix(int open) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\?(?::|=|!|<=|<!|>|<[A-Za-z_][A-Za-z0-9_]*>|'[A-Za-z_][A-Za-z0-9_]*'|[imx]*(?:-[imx]*)?[:)])")
                .matcher(p).region(i, p.length());
        if (!m.lookingAt()) {
            throw new Unsafe("has a group kind this check does not know at position " + open);
        }
        i = m.end();
        return p.charAt(i - 1) == ')' ? -1 : i;
    }

    private void escape() {
        int at = i++;
        if (i >= p.length()) {
            throw new Unsafe("ends with a lone backslash");
        }
        char e = p.charAt(i++);
        if ((e >= '1' && e <= '9') || e == 'k' || e == 'g') {
            throw new Unsafe("uses a back-reference or subexpression call at position " + at);
        }
        if ((e == 'p' || e == 'P' || e == 'x' || e == 'o') && i < p.length() && p.charAt(i) == '{') {
            int close = p.indexOf('}', i);
            if (close < 0) {
                throw new Unsafe("has an unclosed \\" + e + "{ at position " + at);
            }
            i = close + 1;
        }
    }

    private void skipClass() {
        int open = i++;
        int depth = 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        while (i < p.length() && depth > 0) {
            char c = p.charAt(i);
            if (c == '\\') {
                escape();
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            i++;
        }
        if (depth > 0) {
            throw new Unsafe("has an unclosed character class at position " + open);
        }
    }
}
