package dev.autodistill4j.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest so {@code --version} never disagrees with the build. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"autodistill4j " + (v == null ? "dev" : v)};
    }
}
