package dev.autodistill4j.metaclip.tokenizer;

import dev.autodistill4j.api.model.ModelLoadException;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link NativeTokenizerAbortTest}: opens a tokenizer.json as the MetaCLIP 2 provider does
 * and encodes one text ({@code REPEAT:s:n:tail} = s repeated n times, then tail). Exit 0 with the ids, 3 with
 * the refusal; an abort in native code shows as 134.
 */
public final class TokenizerProbe {
    private TokenizerProbe() {
    }

    public static void main(String[] args) {
        String text = args[1];
        if (text.startsWith("REPEAT:")) {
            String[] p = text.split(":", 4);
            text = p[1].repeat(Integer.parseInt(p[2])) + (p.length > 3 ? p[3] : "");
        }
        try (HfTextTokenizer t = HfTextTokenizer.open(Path.of(args[0]), 32, 2, 1, 1002)) {
            System.out.println("ids " + java.util.Arrays.toString(t.encode(text)));
            System.exit(0);
        } catch (ModelLoadException | IllegalArgumentException e) {
            System.out.println("refused: " + e.getMessage());
            System.exit(3);
        }
    }
}
