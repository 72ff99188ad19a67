package dev.autodistill4j.metaclip.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP's byte-level BPE over one pre-token: the word is split into its (byte-encoded) characters, the last one
 * carrying the {@code </w>} end-of-word mark; then, repeatedly, the adjacent pair with the lowest merge rank is
 * merged everywhere in the word, until no ranked pair remains. Results are cached per pre-token because
 * prompts repeat the same words over and over.
 */
final class BytePairEncoding {
    private static final int CACHE_LIMIT = 200_000;

    private final Map<String, Integer> ranks;
    private final Map<String, String[]> cache = new ConcurrentHashMap<>();

    /** @param ranks merge rank keyed by {@code first + " " + second} */
    BytePairEncoding(Map<String, Integer> ranks) {
        this.ranks = ranks;
    }

    Map<String, Integer> ranks() {
        return ranks;
    }

    String[] apply(String token) {
        String[] cached = cache.get(token);
        if (cached != null) {
            return cached;
        }
        String[] result = merge(token);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(token, result);
        return result;
    }

    private String[] merge(String token) {
        List<String> word = new ArrayList<>();
        int n = token.codePointCount(0, token.length());
        int i = 0;
        for (int k = 0; k < n; k++) {
            int c = token.codePointAt(i);
            String s = new String(Character.toChars(c));
            i += Character.charCount(c);
            word.add(k == n - 1 ? s + "</w>" : s);
        }
        if (word.size() < 2) {
            return word.toArray(String[]::new);
        }
        while (word.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int k = 0; k + 1 < word.size(); k++) {
                Integer r = ranks.get(word.get(k) + " " + word.get(k + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    first = word.get(k);
                    second = word.get(k + 1);
                }
            }
            if (first == null) {
                break;
            }
            List<String> merged = new ArrayList<>(word.size());
            for (int k = 0; k < word.size(); ) {
                if (k + 1 < word.size() && word.get(k).equals(first) && word.get(k + 1).equals(second)) {
                    merged.add(first + second);
                    k += 2;
                } else {
                    merged.add(word.get(k));
                    k++;
                }
            }
            word = merged;
        }
        return word.toArray(String[]::new);
    }
}
