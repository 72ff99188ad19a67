package dev.autodistill4j.metaclip.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checks that stand between a {@code tokenizer.json} and native code (issue #19 item 12), in-process: the
 * fixture passes; each unknown or unsafe part is refused naming the file and its JSON path.
 */
class TokenizerJsonCheckTest {
    @TempDir
    Path tmp;

    @Test
    void theMetaclip2FixturePasses() {
        TokenizerJsonCheck.check(Fixtures.resolve("metaclip2/tokenizer.json"), 1002);
    }

    @Test
    void unknownOrUnsafePartsAreRefusedNamingFileAndPath() throws Exception {
        Map<String, Consumer<ObjectNode>> cases = new LinkedHashMap<>();
        cases.put("evil", r -> r.put("evil", 1));
        cases.put("normalizer.normalizers[0].type", r -> ((ObjectNode) r.get("normalizer").get("normalizers").get(0))
                .put("type", "Bogus"));
        cases.put("pre_tokenizer", r -> ((ObjectNode) r.get("pre_tokenizer")).put("extra", true));
        cases.put("pre_tokenizer.pretokenizers[0].pattern.Regex", HostileTokenizers.splitRegex("(a|aa)*$"));
        cases.put("post_processor.single[0].id", HostileTokenizers::undefinedTemplateToken);
        cases.put("post_processor.special_tokens.</s>.ids[0]", r -> ((ObjectNode) r.get("post_processor")
                .get("special_tokens").get("</s>")).putArray("ids").add(99_999_999));
        cases.put("normalizer.normalizers[0].precompiled_charsmap", HostileTokenizers::garbageCharsmap);
        cases.put("added_tokens[0].content", r -> ((ObjectNode) r.get("added_tokens").get(0)).put("content", ""));
        cases.put("added_tokens[1].id", r -> ((ObjectNode) r.get("added_tokens").get(1)).put("id", "1"));
        cases.put("decoder.replacement", r -> ((ObjectNode) r.get("decoder")).put("replacement", "x".repeat(5000)));
        cases.put("model.type", r -> ((ObjectNode) r.get("model")).put("type", "Bogus"));
        cases.put("model.evil", r -> ((ObjectNode) r.get("model")).put("evil", "x"));
        cases.put("truncation has fields [evil]", r -> r.putObject("truncation").put("evil", 1));
        cases.put("nests sequences", r -> {
            ObjectNode n = r.putObject("normalizer").put("type", "Sequence");
            for (int i = 0; i < 10; i++) {
                n = n.putArray("normalizers").addObject().put("type", "Sequence");
            }
            n.putArray("normalizers");
        });
        int i = 0;
        for (Map.Entry<String, Consumer<ObjectNode>> c : cases.entrySet()) {
            Path file = HostileTokenizers.write(tmp, "t" + i++ + ".json", c.getValue());
            assertThatThrownBy(() -> TokenizerJsonCheck.check(file, 1002)).as(c.getKey())
                    .isInstanceOf(CheckpointException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining(c.getKey());
        }
    }

    @Test
    void regexesMustBacktrackBoundedly() {
        for (String safe : new String[]{"\\s+", " {2,}", "\\p{N}{1,3}", "[\\p{L}]+",
                "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
                "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
                "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                        + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", "(?:ab)+", "a{2}b", "x{", "[]a]+"}) {
            assertThat(TokenizerRegex.problem(safe)).as(safe).isNull();
        }
        for (String unsafe : new String[]{"(a+)+$", "(a*)*b", "(a|aa)*$", "(?:x{2}){5}", "a*a*(?:y|$)", "\\s*\\s*$",
                "a+b+c", "(a)\\1", "(?<n>a)\\k<n>", "(?<n>a)\\g<n>", "(?(1)a|b)", "a?b?c?d?e?f", "(a", "a)",
                "[a", "a".repeat(2000), "(?~abc)", "a**"}) {
            assertThat(TokenizerRegex.problem(unsafe)).as(unsafe).isNotNull();
        }
    }

    @Test
    void theCharsmapIsWalkedAsTheNativeCodeWillWalkIt() throws Exception {
        String fixture = HostileTokenizers.fixture().get("normalizer").get("normalizers").get(0)
                .get("precompiled_charsmap").asText();
        assertThat(PrecompiledCharsmap.problem(fixture)).isNull();
        byte[] blob = Base64.getDecoder().decode(fixture);
        ByteBuffer b = ByteBuffer.wrap(blob.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, blob.length); // a trie larger than the blob
        assertThat(PrecompiledCharsmap.problem(Base64.getEncoder().encodeToString(b.array()))).contains("does not fit");
        ByteBuffer far = ByteBuffer.wrap(blob.clone()).order(ByteOrder.LITTLE_ENDIAN);
        far.putInt(4, 0x7FFFFC00); // the root unit's offset far outside the trie
        assertThat(PrecompiledCharsmap.problem(Base64.getEncoder().encodeToString(far.array()))).contains("outside");
        assertThat(PrecompiledCharsmap.problem(fixture.substring(1))).contains("base64");
        assertThat(PrecompiledCharsmap.problem("AAAA")).isNotNull();
    }
}
