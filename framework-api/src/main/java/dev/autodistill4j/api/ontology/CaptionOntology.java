package dev.autodistill4j.api.ontology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The caption ontology of autodistill: an ordered prompt → class mapping, validated once on construction.
 *
 * <p>Immutable. Rejects what would silently produce a wrong dataset: no prompts, a prompt given twice (its
 * class would be ambiguous), a blank prompt or class.
 */
public final class CaptionOntology implements Ontology {
    private final List<String> prompts;
    private final List<String> classes;
    private final Map<String, String> promptToClass;
    private final int[] promptClassIds;

    private CaptionOntology(LinkedHashMap<String, String> mapping) {
        this.promptToClass = Collections.unmodifiableMap(mapping);
        this.prompts = List.copyOf(mapping.keySet());
        this.classes = List.copyOf(new LinkedHashSet<>(mapping.values()));
        this.promptClassIds = new int[prompts.size()];
        for (int i = 0; i < prompts.size(); i++) {
            promptClassIds[i] = classes.indexOf(mapping.get(prompts.get(i)));
        }
    }

    /** Builds an ontology from an ordered prompt → class map (e.g. a {@link LinkedHashMap}). */
    public static CaptionOntology of(Map<String, String> promptToClass) {
        Builder b = builder();
        promptToClass.forEach(b::add);
        return b.build();
    }

    /** An ontology whose prompts are their own class names, the common case for quick experiments. */
    public static CaptionOntology ofClasses(List<String> classes) {
        Builder b = builder();
        classes.forEach(c -> b.add(c, c));
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<String> prompts() {
        return prompts;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public String classOf(String prompt) {
        String c = promptToClass.get(prompt);
        if (c == null) {
            throw new OntologyException("'" + prompt + "' is not a prompt of this ontology; prompts are " + prompts);
        }
        return c;
    }

    @Override
    public int classIdOfPrompt(int promptIndex) {
        return promptClassIds[promptIndex];
    }

    /** The ordered mapping, as it would be written back to YAML. */
    public Map<String, String> asMap() {
        return promptToClass;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaptionOntology other && new ArrayList<>(promptToClass.entrySet())
                .equals(new ArrayList<>(other.promptToClass.entrySet()));
    }

    @Override
    public int hashCode() {
        return new ArrayList<>(promptToClass.entrySet()).hashCode();
    }

    @Override
    public String toString() {
        return "CaptionOntology" + promptToClass;
    }

    /** Collects prompt → class pairs in order; {@link #build()} validates them all at once. */
    public static final class Builder {
        private final LinkedHashMap<String, String> mapping = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();

        private Builder() {
        }

        public Builder add(String prompt, String className) {
            if (prompt == null || prompt.isBlank()) {
                problems.add("a prompt is blank (class '" + className + "'): give every class a non-empty prompt");
                return this;
            }
            if (className == null || className.isBlank()) {
                problems.add("prompt '" + prompt + "' has a blank class name: give it a class such as 'cat'");
                return this;
            }
            if (mapping.containsKey(prompt)) {
                problems.add("prompt '" + prompt + "' is given twice (classes '" + mapping.get(prompt) + "' and '"
                        + className + "'): each prompt must map to exactly one class");
                return this;
            }
            mapping.put(prompt, className.strip());
            return this;
        }

        public CaptionOntology build() {
            if (!problems.isEmpty()) {
                throw new OntologyException("Invalid ontology: " + String.join("; ", problems));
            }
            if (mapping.isEmpty()) {
                throw new OntologyException(
                        "The ontology is empty: give at least one prompt → class pair, e.g. 'a photo of a cat: cat'");
            }
            return new CaptionOntology(mapping);
        }
    }
}
