package dev.autodistill4j.datasets;

import java.nio.file.Path;

/** Test helper run as a separate JVM: holds the {@link OutputLock} of a folder until its stdin closes. */
public final class OutputLockHolder {
    private OutputLockHolder() {
    }

    // the try-with-resources holds a lock/lease/poller for the block and never reads it
    @SuppressWarnings("try")
    public static void main(String[] args) throws Exception {
        try (OutputLock lock = OutputLock.acquire(Path.of(args[0]), "lock-holder-test")) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our stdin
            }
        }
    }
}
