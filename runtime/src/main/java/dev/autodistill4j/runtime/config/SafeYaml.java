package dev.autodistill4j.runtime.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.Construct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The only way autodistill4j reads YAML: plain mappings, lists and scalars, nothing else.
 *
 * <p>Configuration files travel between people, so they are treated as hostile input:
 * <ul>
 *   <li>{@link SafeConstructor} with a tag inspector that allows no global tags: {@code !!java.…} /
 *       {@code !!javax.script.ScriptEngineManager} and any custom tag are refused, never instantiated;</li>
 *   <li>at most {@value #MAX_ALIASES} aliases to collections, so a "billion laughs" document is refused instead
 *       of expanding exponentially; recursive keys are refused;</li>
 *   <li>duplicate keys are an error (the second would silently win otherwise);</li>
 *   <li>at most {@value #MAX_CODE_POINTS} code points and {@value #MAX_NESTING} levels of nesting;</li>
 *   <li>the file must be valid UTF-8;</li>
 *   <li>numbers come back as {@link YamlNumber}s, which keep the text as written, so a class named
 *       {@code 1.5e400} stays "1.5e400" instead of becoming "Infinity".</li>
 * </ul>
 */
public final class SafeYaml {
    public static final int MAX_ALIASES = 20;
    public static final int MAX_CODE_POINTS = 1_000_000;
    public static final int MAX_NESTING = 16;
    private static final long MAX_BYTES = 4L * MAX_CODE_POINTS;

    private SafeYaml() {
    }

    /** Options shared by every YAML read. */
    public static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        o.setMaxAliasesForCollections(MAX_ALIASES);
        o.setAllowRecursiveKeys(false);
        o.setCodePointLimit(MAX_CODE_POINTS);
        o.setNestingDepthLimit(MAX_NESTING);
        o.setTagInspector(tag -> false);
        o.setProcessComments(false);
        return o;
    }

    /** Parses one document from a file: maps, lists, strings, numbers, booleans or null. */
    public static Object load(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file + " is too large for a configuration file (over " + MAX_BYTES
                        + " bytes): point to the YAML file itself");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + " does not exist: check the path", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + " is not UTF-8 text: save it as UTF-8 YAML", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return load(text, file.toString());
    }

    /** Parses one document from text; {@code source} names it in error messages. */
    public static Object load(String text, String source) {
        Yaml yaml = new Yaml(new SourceTextConstructor(loaderOptions()));
        try {
            return yaml.load(text);
        } catch (YAMLException e) {
            throw new ConfigException(source + " was refused: " + explain(e) + " (only plain YAML mappings, lists"
                    + " and scalars are accepted; type tags such as !!java… and excessive aliases are not)", e);
        } catch (StackOverflowError e) {
            throw new ConfigException(source + " was refused: it is nested too deeply", new IllegalStateException(e));
        }
    }

    /** {@link SafeConstructor} whose ints and floats remember their source text (see {@link YamlNumber}). */
    private static final class SourceTextConstructor extends SafeConstructor {
        SourceTextConstructor(LoaderOptions options) {
            super(options);
            keepText(Tag.INT);
            keepText(Tag.FLOAT);
        }

        private void keepText(Tag tag) {
            Construct number = yamlConstructors.get(tag);
            yamlConstructors.put(tag, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return new YamlNumber(((ScalarNode) node).getValue(), (Number) number.construct(node));
                }
            });
        }
    }

    private static String explain(YAMLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
