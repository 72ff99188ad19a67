package dev.autodistill4j.api.spi;

/**
 * Something found on the class path by name: a model provider, a target trainer, a CLI command. The name is what a
 * user types ({@code --model NAME}, {@code --target NAME}, the command word), so it must be unique and typeable.
 */
public interface NamedService {

    /** Lower-case letters, digits, '-', '_' or '.'; unique among the services of one kind. */
    String name();
}
