package dev.autodistill4j.cli;

import dev.autodistill4j.api.spi.NamedService;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * A top-level subcommand, found by {@link dev.autodistill4j.api.spi.NamedServices} (each module lists its own in
 * {@code META-INF/services/dev.autodistill4j.cli.CliCommand}) so each feature adds its commands without editing a
 * central list, and two jars claiming one command word is an error naming both. Implementations are picocli
 * {@code @Command} classes.
 */
public interface CliCommand extends Callable<Integer>, NamedService {

    /** The command word: the {@code @Command} annotation's name. */
    @Override
    default String name() {
        Command command = getClass().getAnnotation(Command.class);
        return command == null ? null : command.name();
    }
}
