package dev.autodistill4j.runtime.ontology;

import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.api.ontology.OntologyException;

import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.runtime.label.PathContainment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An ontology whose classes are defined by any mix of prompts, example images and raw vectors (autodistill's
 * {@code EmbeddingOntologyImage} / {@code EmbeddingOntologyRaw}, plus prompts, in one type).
 *
 * <p>It is still an {@link Ontology}: {@link #prompts()} lists the prompts of the classes that have some, so
 * code that only understands prompts keeps working. Classification with the examples is done by
 * {@code dev.autodistill4j.runtime.reference.ReferenceClassifier} on top of any embedding model; the registry
 * routes a request carrying this ontology there. Reference images are hashed on construction (their sha256
 * goes into {@code run.json}); decoding them is the classifier's job, before any labelling starts.
 */
public final class ReferenceOntology implements Ontology {
    /** How example evidence becomes a class score. */
    public enum Method {
        /** Cosine to the normalised mean of the class's normalised example embeddings. */
        PROTOTYPE,
        /** Mean cosine to the {@code k} most similar examples of the class. */
        KNN;

        public static Method parse(String s, String source) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new OntologyException(source + ": method '" + s + "' is not prototype or knn");
            }
        }
    }

    /** One reference image: absolute path and the sha256 of its bytes. */
    public record ReferenceImage(Path path, String sha256) {
    }

    /** Everything that defines one class. Vectors are defensive copies. */
    public record ClassDefinition(String name, List<String> prompts, List<ReferenceImage> images,
                                  List<float[]> vectors) {
        public ClassDefinition {
            prompts = List.copyOf(prompts);
            images = List.copyOf(images);
            vectors = vectors.stream().map(float[]::clone).toList();
        }

        public boolean hasExamples() {
            return !images.isEmpty() || !vectors.isEmpty();
        }
    }

    public static final int DEFAULT_K = 3;

    private final List<ClassDefinition> definitions;
    private final Method method;
    private final int k;
    private final List<String> prompts = new ArrayList<>();
    private final List<Integer> promptClass = new ArrayList<>();
    private final List<String> classes;
    private final String source;

    private ReferenceOntology(List<ClassDefinition> definitions, Method method, int k, String source) {
        this.source = source;
        this.definitions = List.copyOf(definitions);
        this.method = method;
        this.k = k;
        this.classes = definitions.stream().map(ClassDefinition::name).toList();
        for (int c = 0; c < definitions.size(); c++) {
            for (String p : definitions.get(c).prompts()) {
                prompts.add(p);
                promptClass.add(c);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code ontology} itself when it is one, else its prompts grouped by class (a caption ontology). */
    public static ReferenceOntology of(Ontology ontology) {
        if (ontology instanceof ReferenceOntology r) {
            return r;
        }
        Builder b = builder();
        List<String> prompts = ontology.prompts();
        for (int p = 0; p < prompts.size(); p++) {
            b.prompts(ontology.classes().get(ontology.classIdOfPrompt(p)), List.of(prompts.get(p)));
        }
        return b.build();
    }

    public List<ClassDefinition> definitions() {
        return definitions;
    }

    public ClassDefinition definition(String className) {
        for (ClassDefinition d : definitions) {
            if (d.name().equals(className)) {
                return d;
            }
        }
        throw new OntologyException("'" + className + "' is not a class of this ontology; classes are " + classes);
    }

    /** The file this ontology was read from, or null when it was built in code. */
    public String source() {
        return source;
    }

    public Method method() {
        return method;
    }

    /** Neighbours per class for {@link Method#KNN}. */
    public int k() {
        return k;
    }

    @Override
    public List<String> prompts() {
        return List.copyOf(prompts);
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public String classOf(String prompt) {
        int i = prompts.indexOf(prompt);
        if (i < 0) {
            throw new OntologyException("'" + prompt + "' is not a prompt of this ontology; prompts are " + prompts);
        }
        return classes.get(promptClass.get(i));
    }

    @Override
    public int classIdOfPrompt(int promptIndex) {
        return promptClass.get(promptIndex);
    }

    /**
     * Provenance and resume key: prompts, every image's absolute path and sha256, and per class the number
     * of vectors with the sha256 of their little-endian float32 bytes (vectors themselves can be large).
     */
    @Override
    public Map<String, Object> describe() {
        Map<String, Object> classMap = new LinkedHashMap<>();
        for (ClassDefinition d : definitions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prompts", d.prompts());
            m.put("images", d.images().stream().map(i -> Map.of("path", i.path().toString(), "sha256", i.sha256()))
                    .toList());
            m.put("vectors", d.vectors().size());
            m.put("vectorsSha256", d.vectors().isEmpty() ? null : vectorsSha256(d.vectors()));
            classMap.put(d.name(), m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("classes", classMap);
        out.put("method", method.name().toLowerCase(Locale.ROOT));
        out.put("k", k);
        return out;
    }

    static String vectorsSha256(List<float[]> vectors) {
        MessageDigest md = sha256();
        for (float[] v : vectors) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) {
                b.putFloat(f);
            }
            md.update(b.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferenceOntology other && describe().equals(other.describe());
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return "ReferenceOntology" + classes + " (" + method.name().toLowerCase(Locale.ROOT) + ")";
    }

    /** Collects class definitions in order; {@link #build()} validates them all at once. */
    public static final class Builder {
        private final LinkedHashMap<String, ClassDefinition> classes = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private Method method = Method.PROTOTYPE;
        private int k = DEFAULT_K;
        private Path within;
        private String source;

        private Builder() {
        }

        /** The file the ontology was read from, named by errors found once a model loads (vector dimensions). */
        public Builder source(String file) {
            source = file;
            return this;
        }

        /**
         * Keeps the images found in relative folders inside {@code folder} (the ontology file's): a file found by
         * walking a referenced folder whose real path leaves it (a link in a downloaded bundle) is refused.
         */
        public Builder within(Path folder) {
            within = PathContainment.real(folder);
            return this;
        }

        public Builder method(Method m) {
            method = m;
            return this;
        }

        public Builder k(int v) {
            k = v;
            return this;
        }

        /** Adds prompts to {@code className} (created on first use, in order). */
        public Builder prompts(String className, List<String> prompts) {
            return add(className, prompts, List.of(), List.of());
        }

        /** Adds example images: files, or folders whose images (recursively, sorted) are all used. */
        public Builder images(String className, List<Path> filesOrFolders) {
            List<ReferenceImage> images = new ArrayList<>();
            for (Path p : filesOrFolders) {
                images.addAll(expand(className, p));
            }
            return add(className, List.of(), images, List.of());
        }

        /** Adds raw vectors, already in the embedding space of the model that will use the ontology. */
        public Builder vectors(String className, List<float[]> vectors) {
            return add(className, List.of(), List.of(), vectors);
        }

        private Builder add(String name, List<String> prompts, List<ReferenceImage> images, List<float[]> vectors) {
            if (name == null || name.isBlank()) {
                problems.add("a class name is blank: give every class a non-empty name");
                return this;
            }
            String key = name.strip();
            ClassDefinition old = classes.getOrDefault(key, new ClassDefinition(key, List.of(), List.of(), List.of()));
            List<String> p = new ArrayList<>(old.prompts());
            p.addAll(prompts);
            List<ReferenceImage> i = new ArrayList<>(old.images());
            i.addAll(images);
            List<float[]> v = new ArrayList<>(old.vectors());
            v.addAll(vectors);
            classes.put(key, new ClassDefinition(key, p, i, v));
            return this;
        }

        private List<ReferenceImage> expand(String className, Path p) {
            List<Path> files;
            if (Files.isDirectory(p)) {
                files = ImageFiles.walk(p);
                if (files.isEmpty()) {
                    problems.add("class '" + className + "': the image folder " + p + " holds no images ("
                            + ImageFiles.EXTENSIONS + ")");
                }
            } else if (Files.isRegularFile(p)) {
                files = List.of(p);
            } else {
                problems.add("class '" + className + "': reference image " + p + " does not exist");
                return List.of();
            }
            List<ReferenceImage> out = new ArrayList<>();
            boolean contained = within != null && PathContainment.real(p).startsWith(within);
            for (Path f : files) {
                Path abs = f.toAbsolutePath().normalize();
                if (contained && !PathContainment.real(abs).startsWith(within)) {
                    problems.add("class '" + className + "': reference image " + abs + " is a link that leaves the "
                            + "ontology's folder " + within + " (to " + PathContainment.real(abs) + "): remove it, or "
                            + "give the file's absolute path if you mean it");
                    continue;
                }
                try {
                    out.add(new ReferenceImage(abs, hash(abs)));
                } catch (IOException e) {
                    problems.add("class '" + className + "': cannot read reference image " + abs + " (" + e + ")");
                }
            }
            return out;
        }

        private static String hash(Path file) throws IOException {
            MessageDigest md = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        }

        public ReferenceOntology build() {
            Set<String> seenPrompts = new HashSet<>(); // a set: 5,000 classes made the list scan quadratic
            Integer dimension = null;
            String dimensionClass = null;
            for (ClassDefinition d : classes.values()) {
                if (d.prompts().isEmpty() && !d.hasExamples()) {
                    problems.add("class '" + d.name() + "' has no prompts, images or vectors: give it at least one");
                }
                for (String p : d.prompts()) {
                    if (p == null || p.isBlank()) {
                        problems.add("class '" + d.name() + "' has a blank prompt");
                    } else if (seenPrompts.contains(p)) {
                        problems.add("prompt '" + p + "' is given twice: each prompt must belong to one class");
                    } else {
                        seenPrompts.add(p);
                    }
                }
                for (float[] v : d.vectors()) {
                    if (v.length == 0) {
                        problems.add("class '" + d.name() + "' has an empty vector");
                        continue;
                    }
                    if (dimension == null) {
                        dimension = v.length;
                        dimensionClass = d.name();
                    } else if (v.length != dimension) {
                        problems.add("class '" + d.name() + "' has a vector of dimension " + v.length + " but class '"
                                + dimensionClass + "' has dimension " + dimension
                                + ": all vectors must come from one model");
                    }
                    boolean zero = true;
                    for (float f : v) {
                        zero &= f == 0;
                    }
                    if (zero) {
                        problems.add("class '" + d.name() + "' has an all-zero vector, which has no direction");
                    }
                    for (float f : v) {
                        if (!Float.isFinite(f)) {
                            problems.add("class '" + d.name() + "' has a vector holding " + f
                                    + ": vectors must be finite numbers");
                            break;
                        }
                    }
                }
            }
            if (k < 1) {
                problems.add("k " + k + " must be at least 1");
            }
            if (!problems.isEmpty()) {
                throw new OntologyException("Invalid ontology: " + String.join("; ", problems));
            }
            if (classes.isEmpty()) {
                throw new OntologyException("The ontology has no classes: give at least one under 'classes:'");
            }
            return new ReferenceOntology(new ArrayList<>(classes.values()), method, k, source);
        }
    }
}
