package dev.autodistill4j.runtime.ontology;

import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.OntologyException;

import dev.autodistill4j.runtime.config.ConfigException;
import dev.autodistill4j.runtime.config.SafeYaml;
import dev.autodistill4j.runtime.config.YamlNumber;

import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a {@link CaptionOntology} from YAML through {@link SafeYaml}.
 *
 * <p>Two shapes are accepted, so the same file can serve {@code --ontology} and {@code --config}:
 * <pre>
 * # 1. a mapping prompt → class
 * "The Chrysler Building": chrysler building
 * a yellow cab: taxi
 *
 * # 2. a full config whose ontology: key holds that mapping
 * model: metaclip
 * ontology:
 *   a yellow cab: taxi
 * </pre>
 * Prompts and classes must be strings (numbers are accepted and kept exactly as written in the file); booleans and nulls
 * are refused because YAML 1.1 turns {@code yes}/{@code no}/{@code on} into booleans, which is never what a
 * user meant as a class name — quote them.
 */
public final class OntologyLoader {
    /** Keys that mark a document as a config file rather than a prompt mapping. */
    private static final java.util.Set<String> CONFIG_KEYS = java.util.Set.of("model", "model_options", "device",
            "input", "output", "confidence", "split", "seed", "batch", "batch_size", "overwrite", "hard_link",
            "max_pixels");

    private OntologyLoader() {
    }

    public static CaptionOntology load(Path yaml) {
        return caption(loadAny(yaml), yaml.toString());
    }

    /**
     * Reads either form: a caption ontology ({@code prompt: class}) or the {@code classes:} form with prompts,
     * example images and vectors ({@link ReferenceOntology}; image paths relative to the file's folder).
     */
    public static Ontology loadAny(Path yaml) {
        return load(yaml, 0);
    }

    private static CaptionOntology caption(Ontology o, String source) {
        if (o instanceof CaptionOntology c) {
            return c;
        }
        throw new OntologyException(source + " defines classes by examples (classes:), but this use needs a "
                + "prompt: class mapping");
    }

    private static Ontology load(Path yaml, int depth) {
        Object doc;
        try {
            doc = SafeYaml.load(yaml);
        } catch (ConfigException e) {
            throw new OntologyException("cannot read the ontology: " + e.getMessage(), e);
        }
        // a config file whose ontology: names another file (relative to the config's folder)
        if (doc instanceof Map<?, ?> map && map.get("ontology") instanceof String ref
                && map.keySet().stream().anyMatch(CONFIG_KEYS::contains)) {
            if (depth > 0) {
                throw new OntologyException(yaml + ": ontology: points to another config file; point it at the "
                        + "prompt: class mapping itself");
            }
            return load(yaml.toAbsolutePath().getParent().resolve(ref), depth + 1);
        }
        return fromDocumentAny(doc, yaml.toString(), yaml.toAbsolutePath().getParent());
    }

    /** Parses YAML text; {@code source} names it in messages. */
    public static CaptionOntology fromYaml(String text, String source) {
        try {
            return fromDocument(SafeYaml.load(text, source), source);
        } catch (ConfigException e) {
            throw new OntologyException("cannot read the ontology: " + e.getMessage(), e);
        }
    }

    /** Builds an ontology from an already parsed YAML document (a mapping, or a config holding {@code ontology:}). */
    public static CaptionOntology fromDocument(Object document, String source) {
        return caption(fromDocumentAny(document, source, Path.of("").toAbsolutePath()), source);
    }

    /**
     * Either form from a parsed document; relative image paths of the {@code classes:} form are resolved
     * against {@code baseDir}.
     */
    public static Ontology fromDocumentAny(Object document, String source, Path baseDir) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new OntologyException(source + " is not a YAML mapping of prompt: class (e.g. 'a photo of a cat: cat'),"
                    + " nor a config file with an 'ontology:' mapping");
        }
        Object nested = map.get("ontology");
        if (nested instanceof Map<?, ?> inner) {
            map = inner;
        } else if (nested != null && !(nested instanceof String)) {
            throw new OntologyException(source + ": 'ontology:' must hold a mapping of prompt: class");
        }
        if (ReferenceOntologyReader.isReferenceForm(map)) {
            return ReferenceOntologyReader.read(map, source, baseDir);
        }
        CaptionOntology.Builder b = CaptionOntology.builder();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            b.add(scalar(e.getKey(), source, "prompt"), scalar(e.getValue(), source, "class of '" + e.getKey() + "'"));
        }
        try {
            return b.build();
        } catch (OntologyException e) {
            throw new OntologyException(source + ": " + e.getMessage(), e);
        }
    }

    private static String scalar(Object v, String source, String what) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof YamlNumber n) {
            return n.toString(); // the text as written: "1.5e400", not "Infinity"
        }
        String shown = v == null ? "empty" : v instanceof Boolean ? "a YAML boolean (" + v + ")" : "a "
                + (v instanceof Map ? "mapping" : v instanceof Iterable ? "list" : v.getClass().getSimpleName());
        throw new OntologyException(source + ": the " + what + " is " + shown
                + "; write it as a plain string, quoted if needed (e.g. \"yes\": \"yes\")");
    }
}
