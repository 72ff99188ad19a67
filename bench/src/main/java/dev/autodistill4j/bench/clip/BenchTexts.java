package dev.autodistill4j.bench.clip;

import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;

/** Token ids of typical zero-shot prompts ("a photo of a red circle."), the texts {@code bench} embeds. */
final class BenchTexts {
    private BenchTexts() {
    }

    /** The prompts {@link #ids()} encodes, for a checkpoint with its own tokenizer (MetaCLIP 2's XLM-V). */
    static final String[] WORDS = {"cat", "dog", "car", "tree", "house", "bird", "horse", "boat", "plane", "chair",
        "table", "flower", "river", "beach", "city", "street"};

    /** "a photo of a {word}." for the sixteen {@link #WORDS}, encoded by {@code tokenizer}. */
    static int[][] ids(TextTokenizer tokenizer) {
        int[][] out = new int[WORDS.length][];
        for (int i = 0; i < WORDS.length; i++) {
            out[i] = tokenizer.encode("a photo of a " + WORDS[i] + ".");
        }
        return out;
    }

    /**
     * Sixteen sequences shaped like "a photo of a {word}." in CLIP BPE ids (start, a, photo, of, a, one of
     * sixteen word tokens, '.', end): 8 tokens, the length of the prompts a labelling run embeds. Text speed
     * depends on the length only, not on which words.
     */
    static int[][] ids() {
        int[] words = {2368, 1929, 1615, 1749, 3365, 2862, 2101, 3571, 2048, 3101, 1759, 4143, 2217, 1579, 3469, 2870};
        int[][] out = new int[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = new int[] {49406, 320, 1125, 539, 320, words[i], 269, 49407};
        }
        return out;
    }
}
