package dev.autodistill4j.runtime.zeroshot;

import dev.autodistill4j.api.Autodistill4jException;

/** A user-supplied template file that cannot be used (unreadable, empty, or a template without one "{}"). */
public class PromptTemplateException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public PromptTemplateException(String message) {
        super(message);
    }

    public PromptTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
