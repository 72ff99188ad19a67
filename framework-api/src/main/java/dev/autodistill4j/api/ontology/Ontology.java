package dev.autodistill4j.api.ontology;

import java.util.List;

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
}
