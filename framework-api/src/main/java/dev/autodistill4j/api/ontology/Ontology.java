package dev.autodistill4j.api.ontology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a base model is asked to find: an ordered list of prompts, each mapped to the class it stands for.
 *
 * <p>Several prompts may share one class (e.g. "a taxi" and "a yellow cab" both mean {@code taxi}); the class
 * list is in first-appearance order, and class ids everywhere in the API index {@link #classes()}.
 */
public interface Ontology {

    /** Prompts in the order given; the order fixes the columns of prompt-level score matrices. */
    List<String> prompts();

    /** Distinct classes in order of first appearance among the prompts. */
    List<String> classes();

    /** The class a prompt stands for. */
    String classOf(String prompt);

    /** Index into {@link #classes()} of the class of prompt {@code promptIndex}. */
    int classIdOfPrompt(int promptIndex);

    /**
     * What defines this ontology, as JSON-friendly values: written to {@code run.json} and compared on resume.
     * The default is the ordered prompt → class mapping (what a caption ontology is); ontologies defined by
     * more than prompts (reference images, vectors) override it with everything that can change a label.
     */
    default Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> prompts = prompts();
        for (int p = 0; p < prompts.size(); p++) {
            m.put(prompts.get(p), classes().get(classIdOfPrompt(p)));
        }
        return m;
    }
}
