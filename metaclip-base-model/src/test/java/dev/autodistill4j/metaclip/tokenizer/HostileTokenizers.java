package dev.autodistill4j.metaclip.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.testing.Fixtures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Variants of the MetaCLIP 2 fixture's tokenizer.json, one hostile change each. */
final class HostileTokenizers {
    static final ObjectMapper JSON = new ObjectMapper();

    private HostileTokenizers() {
    }

    static ObjectNode fixture() throws IOException {
        return (ObjectNode) JSON.readTree(Fixtures.resolve("metaclip2/tokenizer.json").toFile());
    }

    /** Writes the fixture with {@code change} applied to {@code dir/name}. */
    static Path write(Path dir, String name, Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = fixture();
        change.accept(root);
        Path file = dir.resolve(name);
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    /** A Split pre-tokenizer with {@code regex} in front of the fixture's Metaspace. */
    static Consumer<ObjectNode> splitRegex(String regex) {
        return root -> {
            JsonNode metaspace = root.get("pre_tokenizer");
            ObjectNode seq = JSON.createObjectNode().put("type", "Sequence");
            ObjectNode split = seq.putArray("pretokenizers").addObject().put("type", "Split");
            split.putObject("pattern").put("Regex", regex);
            split.put("behavior", "Isolated").put("invert", false);
            seq.withArray("pretokenizers").add(metaspace);
            root.set("pre_tokenizer", seq);
        };
    }

    /** The template's special tokens emptied: the single template names tokens nobody defines. */
    static void undefinedTemplateToken(ObjectNode root) {
        ((ObjectNode) root.get("post_processor")).putObject("special_tokens");
    }

    /** The Precompiled normaliser's charsmap replaced by four bytes. */
    static void garbageCharsmap(ObjectNode root) {
        ((ObjectNode) root.get("normalizer").get("normalizers").get(0)).put("precompiled_charsmap", "AAAA");
    }
}
