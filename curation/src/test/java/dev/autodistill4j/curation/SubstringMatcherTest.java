package dev.autodistill4j.curation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The matching rules in small cases, and the fast matcher against a literal port of the reference loop. */
class SubstringMatcherTest {
    @Test
    void spacingWrapsSevenCharactersAndSpacesThreeOnly() {
        assertThat(TextSpacing.spaced("a,b.c;d:e?f!g`h")).isEqualTo(" a , b . c ; d : e ? f ! g ` h ");
        assertThat(TextSpacing.spaced("x\r\ny\tz")).isEqualTo(" x  y z ");
        assertThat(TextSpacing.spaced("A\u00a0b\u3000c，d(e)")).isEqualTo(" A\u00a0b\u3000c，d(e) ");
        assertThat(TextSpacing.spaced("")).isEqualTo("  ");
    }

    @Test
    void readmeExamples() {
        List<String> md = List.of("love", "I", "city", "new", "new york", "new york city", "york", "dog", "and",
                "(dog)", "U.S.", "yes!", "York");
        SubstringMatcher m = SubstringMatcher.build(md);
        assertThat(m.match("I love new york city.")).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(m.match("(dog) and dog, Dog")).containsExactly(7, 8, 9);
        assertThat(m.match("U.S. yes! York")).containsExactly(12);
        assertThat(m.match("")).isEmpty();
        assertThat(m.match("   \t\n")).isEmpty();
    }

    @Test
    void oddEntriesBehaveAsSubstringsOfTheSpacedText() {
        List<String> md = List.of("", " lead", "trail ", "a  b", "a . b", "cat", "cat", "x\ty");
        SubstringMatcher m = SubstringMatcher.build(md);
        assertThat(m.match("cat")).containsExactly(5, 6); // duplicates each match
        assertThat(m.match("a  b")).containsExactly(0, 3); // a double space holds the empty entry
        assertThat(m.match("a.b")).containsExactly(4);
        assertThat(m.match("x\ty")).isEmpty();
        assertThat(m.match("the  lead")).containsExactly(0, 1);
        assertThat(m.match("trail  end")).containsExactly(0, 2);
    }

    @Test
    void agreesWithTheReferenceLoopOnRandomTexts() {
        Random r = new Random(5);
        String[] alphabet = {"a", "b", "ab", "A", " ", "  ", ".", ",", "\t", "\n", "é", "猫", "🍎", "!", "-", "'"};
        List<String> md = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            md.add(randomString(r, alphabet, 1 + r.nextInt(5)));
        }
        SubstringMatcher m = SubstringMatcher.build(md);
        for (int i = 0; i < 3000; i++) {
            String text = randomString(r, alphabet, r.nextInt(30));
            assertThat(m.match(text)).as("text '%s'", text).containsExactly(referenceLoop(text, md));
        }
    }

    @Test
    void survivesJavaSerialisationForBroadcasting() throws Exception {
        SubstringMatcher m = SubstringMatcher.build(List.of("cat", "new york", "cat"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            SubstringMatcher copy = (SubstringMatcher) in.readObject();
            assertThat(copy.match("a cat in new york.")).containsExactly(0, 1, 2);
        }
    }

    /** What metaclip1 substr_matching does: every spaced entry tested with {@code in}. */
    private static int[] referenceLoop(String text, List<String> md) {
        String spaced = TextSpacing.spaced(text);
        return java.util.stream.IntStream.range(0, md.size()).filter(i -> spaced.contains(" " + md.get(i) + " "))
                .toArray();
    }

    private static String randomString(Random r, String[] alphabet, int parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            b.append(alphabet[r.nextInt(alphabet.length)]);
        }
        return b.toString();
    }
}
