package dev.autodistill4j.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The literal scanner the build checks rely on: comments skipped, escapes, chars and text blocks read right. */
class SourceStringsTest {
    @Test
    void readsLiteralsAndSkipsComments() {
        String src = """
                class A { // "in a line comment"
                  /* "in a block" */ String a = "one \\" quote";
                  char q = '"'; String b = "two";
                  String c = \"\"\"
                      block "x"
                      \"\"\";
                }
                """;
        var literals = SourceStrings.in(Path.of("A.java"), src);
        assertThat(literals).extracting(SourceStrings.Literal::text)
                .containsExactly("one \\\" quote", "two", "\n      block \"x\"\n      ");
        assertThat(literals).extracting(SourceStrings.Literal::line).containsExactly(2, 3, 4);
    }
}
