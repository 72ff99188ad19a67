package dev.autodistill4j.datasets;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Fresh temporary names beside an output, for the write-then-rename that keeps outputs whole. Unlike
 * {@link Files#createTempFile}/{@link Files#createTempDirectory}, which make files mode 600 and folders 700 (right
 * for {@code /tmp}, wrong for results), these are created with the permissions the user's umask gives every
 * other file, so the export, model, report or contact sheet renamed into place is as readable as anything else
 * the user makes there. The name is still unguessable and created exclusively, so it is never someone's file.
 */
public final class StagingPaths {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StagingPaths() {
    }

    /** A new empty folder {@code parent/<prefix><random>}. */
    public static Path createDirectory(Path parent, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createDirectory(parent.resolve(prefix + token()));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** A new empty file {@code parent/<prefix><random><suffix>}. */
    public static Path createFile(Path parent, String prefix, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createFile(parent.resolve(prefix + token() + suffix));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static String token() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
