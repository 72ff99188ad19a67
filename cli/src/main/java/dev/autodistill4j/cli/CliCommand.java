package dev.autodistill4j.cli;

import java.util.concurrent.Callable;

/**
 * A top-level subcommand, found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.autodistill4j.cli.CliCommand}) so each feature adds its commands without
 * editing a central list. Implementations are picocli {@code @Command} classes.
 */
public interface CliCommand extends Callable<Integer> {
}
