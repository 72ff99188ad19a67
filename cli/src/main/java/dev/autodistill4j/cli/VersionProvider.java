package dev.autodistill4j.cli;

import dev.autodistill4j.datasets.Versions;
import picocli.CommandLine;

/** The build's version ({@link Versions}), so {@code --version} never disagrees with the build. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"autodistill4j " + Versions.autodistill4j()};
    }
}
