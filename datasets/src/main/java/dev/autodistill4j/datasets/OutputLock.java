package dev.autodistill4j.datasets;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive, whole-run lock on an output folder ({@code label}'s dataset folder, {@code index}'s index
 * folder), so two runs never write one output at once.
 *
 * <p>The lock is an OS file lock ({@link FileChannel#tryLock}) on {@value #FILE_NAME} inside the folder: the OS
 * drops it when the process dies, even on {@code kill -9}, so a crashed run never leaves a stale lock behind.
 * The file's content (pid, host, start time, command) is only a description of the holder for the error message
 * of a second run; it is never trusted for the decision. The file is left in place on release (deleting it would
 * let a waiting process lock an unlinked file while a third locks a new one); it is hidden, and ownership
 * ({@link LabelOutputFolder}) and readers ignore it.
 */
public final class OutputLock implements AutoCloseable {
    /** Name of the lock file inside the locked folder. */
    public static final String FILE_NAME = ".autodistill4j.lock";

    private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final String key;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private OutputLock(Path file, String key, FileChannel channel, FileLock lock) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code folder} (which must exist) for {@code command}, or fails at once.
     *
     * @throws OutputLockedException when another run holds the lock, naming that run
     */
    public static OutputLock acquire(Path folder, String command) {
        Path file = folder.resolve(FILE_NAME);
        String key = inProcessKey(folder);
        if (!HELD_HERE.add(key)) {
            throw new OutputLockedException(folder + " is in use by another run in this process ("
                    + describeHolder(file) + "): wait for it to finish, or choose another output folder; nothing "
                    + "was changed");
        }
        try {
            return lock(folder, file, key, command);
        } catch (RuntimeException e) {
            HELD_HERE.remove(key);
            throw e;
        }
    }

    private static OutputLock lock(Path folder, Path file, String key, String command) {
        FileChannel ch;
        try {
            ch = OutputFiles.openLockFile(file); // never through a link: its target would be overwritten
        } catch (IOException e) {
            throw new DatasetWriteException("cannot create the lock file " + file + " (" + e + "): check that "
                    + folder + " is writable", e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException e) {
            closeQuietly(ch);
            throw new DatasetWriteException("cannot lock " + file + " (" + e + "): the file system may not support "
                    + "locks; use an output folder on a local disk", e);
        }
        if (lock == null) {
            String holder = describeHolder(file);
            closeQuietly(ch);
            throw new OutputLockedException(folder + " is in use by another run (" + holder + "): wait for it to "
                    + "finish or stop it, or choose another output folder; nothing was changed");
        }
        try {
            byte[] who = (command + " pid " + ProcessHandle.current().pid() + " on " + host() + " since "
                    + Instant.now() + " (" + ManagementFactory.getRuntimeMXBean().getName() + ")\n")
                    .getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(who), 0);
            ch.force(false);
        } catch (IOException e) {
            // the lock holds without its description; a second run then says "holder unknown"
        }
        return new OutputLock(file, key, ch, lock);
    }

    /**
     * The folder's identity for the in-process check: a second {@link FileChannel} on the lock file must not even
     * be opened while this process holds the lock, because closing it would drop the process's POSIX lock.
     */
    private static String inProcessKey(Path folder) {
        try {
            return folder.toRealPath().toString();
        } catch (IOException e) {
            return folder.toAbsolutePath().normalize().toString();
        }
    }

    /**
     * Whether {@code entry} is a folder's lock file: named {@value #FILE_NAME} and a regular file. A link of that
     * name is not a lock file, so a folder holding only one is not empty (and {@link #acquire} refuses it).
     */
    public static boolean isLockFile(Path entry) {
        return entry.getFileName() != null && FILE_NAME.equals(entry.getFileName().toString())
                && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
        HELD_HERE.remove(key);
    }

    private static String describeHolder(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return "holder unknown: " + file + " is not a regular file";
            }
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "holder unknown: it has just started" : s;
        } catch (IOException | RuntimeException e) {
            return "holder unknown: " + file + " is unreadable";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "unknown host";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
