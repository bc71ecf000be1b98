package org.ntklab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a
 * half-written file: the bytes go to a temporary file in the same directory (same file system,
 * so the final rename is atomic), which then replaces the target.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private AtomicFiles() {
    }

    /** What writes the content; it may throw IOException, which is reported with the target's name. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * For tests of write failures: files for which this returns true fail to be written as on a full
     * disk ("No space left on device"), after their temporary file was created.
     */
    private static volatile java.util.function.Predicate<Path> failing = path -> false;

    /** Makes writes of the files {@code which} selects fail as on a full disk (tests); null: none. */
    public static void failWrites(java.util.function.Predicate<Path> which) {
        failing = which == null ? path -> false : which;
    }

    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = createTemp(dir, absolute.getFileName().toString());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                if (failing.test(absolute)) {
                    throw new java.nio.file.FileSystemException(temp.toString(), null, "No space left on device");
                }
                content.writeTo(out);
            }
            moveIntoPlace(temp, absolute);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
        }
    }

    /**
     * Deletes the temporary files that writers killed before their rename left in {@code dir}
     * ({@code .NAME.XXXX.tmp}, as {@link #write} names them). Only for a directory no one else is
     * writing (a run under its lock); returns how many were removed.
     */
    public static int removeLeftovers(Path dir) {
        int removed = 0;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                if (TEMP_NAME.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file)) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up temporary files in " + dir + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private static final java.util.regex.Pattern TEMP_NAME = java.util.regex.Pattern.compile("\\..+\\.[0-9a-z]+\\.tmp");

    /**
     * A fresh file next to the target. Not Files.createTempFile: its owner-only permissions would
     * end up on the result, where a plain new file gets the usual ones (the umask's).
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        while (true) {
            Path candidate = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                // another writer picked the same name; draw again
            }
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // some file systems (a few network mounts) refuse atomic renames; a plain replace is the best left
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
