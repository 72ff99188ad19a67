package dev.autodistill4j.runtime.ontology;

import dev.autodistill4j.api.ontology.OntologyException;

import dev.autodistill4j.runtime.config.YamlNumber;
import dev.autodistill4j.runtime.label.PathContainment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code classes:} form of an ontology file, parsed into a {@link ReferenceOntology}:
 * <pre>
 * method: prototype        # or knn (optional)
 * k: 3                     # neighbours per class for knn (optional)
 * classes:
 *   red_circle:
 *     prompts: ["a photo of a red circle."]
 *     images: [refs/red_circle/, extra.png]   # files or folders, inside the YAML file's folder (or absolute)
 *     vectors: [[0.01, -0.2, ...]]
 * </pre>
 * A class value may also be a single string (one prompt) or a list of strings (prompts), so the short forms
 * stay short. Unknown keys are refused, as everywhere in the YAML config.
 */
final class ReferenceOntologyReader {
    private static final Set<String> TOP_KEYS = Set.of("classes", "method", "k");
    private static final Set<String> CLASS_KEYS = Set.of("prompts", "images", "vectors");

    private ReferenceOntologyReader() {
    }

    /** True when {@code map} is the {@code classes:} form (its {@code classes} key holds a mapping). */
    static boolean isReferenceForm(Map<?, ?> map) {
        return map.get("classes") instanceof Map<?, ?>;
    }

    static ReferenceOntology read(Map<?, ?> map, String source, Path baseDir) {
        for (Object key : map.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(key))) {
                throw new OntologyException(source + ": unknown key '" + key + "' next to classes:; known keys: "
                        + TOP_KEYS);
            }
        }
        ReferenceOntology.Builder b = ReferenceOntology.builder().within(baseDir).source(source);
        if (map.containsKey("method")) {
            b.method(ReferenceOntology.Method.parse(String.valueOf(map.get("method")), source));
        }
        if (map.containsKey("k")) {
            Object raw = map.get("k") instanceof YamlNumber n ? n.value() : map.get("k");
            if (!(raw instanceof Integer k)) { // as written: 2.5, 1e3 or a 20-digit number are refused, not rounded
                throw new OntologyException(source + ": k must be a whole number, not '" + map.get("k") + "'");
            }
            b.k(k);
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) map.get("classes")).entrySet()) {
            String name = scalar(e.getKey(), source, "a class name");
            readClass(b, name, e.getValue(), source, baseDir);
        }
        try {
            return b.build();
        } catch (OntologyException ex) {
            throw new OntologyException(source + ": " + ex.getMessage(), ex);
        }
    }

    private static void readClass(ReferenceOntology.Builder b, String name, Object value, String source, Path base) {
        String where = source + ": class '" + name + "'";
        if (value instanceof String prompt) {
            b.prompts(name, List.of(prompt));
            return;
        }
        if (value instanceof List<?> list) {
            b.prompts(name, strings(list, where + " prompts"));
            return;
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new OntologyException(where + " must be a mapping with prompts:, images: and/or vectors:");
        }
        for (Object key : m.keySet()) {
            if (!CLASS_KEYS.contains(String.valueOf(key))) {
                throw new OntologyException(where + ": unknown key '" + key + "'; known keys: " + CLASS_KEYS);
            }
        }
        b.prompts(name, strings(m.get("prompts"), where + " prompts"));
        List<Path> images = new ArrayList<>();
        for (String s : strings(m.get("images"), where + " images")) {
            images.add(inside(base, s, where));
        }
        b.images(name, images);
        b.vectors(name, vectors(m.get("vectors"), where));
    }

    /**
     * The image path {@code s} of a class. A relative one must stay inside the ontology file's folder, by name and
     * by real path (links resolved), so a downloaded ontology cannot point {@code label} at files elsewhere; an
     * absolute path is the user's explicit choice.
     */
    private static Path inside(Path base, String s, String where) {
        Path given;
        try {
            given = Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            throw new OntologyException(where + ": images entry '" + s + "' is not a valid path");
        }
        Path resolved = base.resolve(given).normalize();
        if (given.isAbsolute()) {
            return resolved;
        }
        Path root = base.toAbsolutePath().normalize();
        if (!resolved.toAbsolutePath().startsWith(root)
                || !PathContainment.real(resolved).startsWith(PathContainment.real(root))) {
            throw new OntologyException(where + ": images entry '" + s + "' leaves the folder of the ontology file ("
                    + root + "), through '..' or a link: keep reference images under that folder, or give an "
                    + "absolute path if you mean a file elsewhere");
        }
        return resolved;
    }

    private static List<String> strings(Object v, String where) {
        if (v == null) {
            return List.of();
        }
        List<?> list = v instanceof List<?> l ? l : List.of(v);
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            out.add(scalar(o, where, "an entry"));
        }
        return out;
    }

    private static List<float[]> vectors(Object v, String where) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new OntologyException(where + ": vectors must be a list of number lists, e.g. [[0.1, -0.2]]");
        }
        List<float[]> out = new ArrayList<>();
        for (Object row : list) {
            if (!(row instanceof List<?> numbers)) {
                throw new OntologyException(where + ": each vector must be a list of numbers, not '" + row + "'");
            }
            float[] f = new float[numbers.size()];
            for (int i = 0; i < f.length; i++) {
                if (!(numbers.get(i) instanceof Number n)) {
                    throw new OntologyException(where + ": vector entry " + i + " is '" + numbers.get(i)
                            + "', not a number");
                }
                f[i] = n.floatValue();
            }
            out.add(f);
        }
        return out;
    }

    private static String scalar(Object v, String where, String what) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        throw new OntologyException(where + ": " + what + " is " + (v == null ? "empty" : "'" + v + "'")
                + "; write it as a plain string, quoted if needed");
    }
}
