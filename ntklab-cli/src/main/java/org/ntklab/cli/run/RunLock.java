package org.ntklab.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import org.ntklab.io.InvalidInputException;

/**
 * The OS file lock ({@link FileChannel#tryLock}) that a process holds on {@code ntklab.lock} in a run
 * directory while it writes the run, so that two writers (two {@code --resume} at once) cannot
 * interleave their rows. The file names the holder (pid, host, since when) for the message that
 * refuses a second writer. The kernel drops the lock when the holder dies, even by SIGKILL; the file
 * then stays behind, unlocked, and the next writer takes it over. {@link #release} deletes it.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE_NAME = "ntklab.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another process (or this one) writes the run already: bad input, exit code 2. */
    public static final class HeldException extends InvalidInputException {
        HeldException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock of {@code dir} or throws {@link HeldException} naming the holder. {@code what}
     * starts the message ("--resume runs/a").
     */
    public static RunLock acquire(Path dir, String what) {
        Path file = dir.resolve(FILE_NAME);
        for (int attempt = 0; attempt < 10; attempt++) {
            Object keyBefore = fileKey(file);
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + dir + ": cannot open " + file + ": " + e.getMessage(), e);
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM holds it already (a second writer in-process)
            } catch (IOException e) {
                closeQuietly(channel);
                throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
            }
            if (lock == null) {
                String holder = holder(channel);
                closeQuietly(channel);
                throw new HeldException(what + ": the run is being written by another process ("
                        + (holder.isEmpty() ? "unknown holder" : holder) + ", lock " + file
                        + "); wait for it to end or stop it first");
            }
            // the previous holder deletes the file when it lets go: a lock on a file that is no longer
            // at this path (or was replaced meanwhile) locks nothing, so try again on the current one
            Object keyAfter = fileKey(file);
            if (keyAfter == null || (keyBefore != null && !keyBefore.equals(keyAfter))) {
                closeQuietly(channel);
                continue;
            }
            RunLock held = new RunLock(file, channel, lock);
            held.writeHolder();
            return held;
        }
        throw new HeldException(what + ": could not take the lock " + file + " (it keeps changing hands)");
    }

    private void writeHolder() {
        String text = "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now() + "\n";
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // the lock holds without the note; the refusal message then says "unknown holder"
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(512);
            int n = channel.read(buffer, 0);
            return n <= 0 ? "" : org.ntklab.io.Printable.escape(new String(buffer.array(), 0, n, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return "";
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Objects.requireNonNullElse(Files.readAttributes(file, BasicFileAttributes.class).fileKey(), "");
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "";
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
            return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "unknown host";
        }
    }

    /** Deletes the lock file and lets go of the lock; idempotent, never throws. */
    public synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            // delete while still holding it, so that no one takes over a file about to vanish
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale lock file is harmless: the next writer takes it over
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }

    @Override
    public void close() {
        release();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held through it any more
        }
    }
}
