package org.ntklab.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.ntklab.io.AtomicFiles;
import org.ntklab.io.InvalidInputException;

/**
 * A run's output directory, which appears complete or not at all. Files are written into a hidden
 * sibling ({@code .NAME.partial-XXXX}) that {@link #finish} renames to the target; {@link #close}
 * without {@code finish} (an exception, Ctrl-C) deletes it again, together with any parent
 * directories it had to create.
 *
 * <p>A resumable run ({@link #createInPlace}, for {@code ntklab train}) is written at the target
 * itself from its first moment instead, under a {@link RunLock}, so that a run killed at any time is
 * found by the name the user gave; {@code run.json}'s status says whether it is finished.
 *
 * <pre>
 * RunDirectory.checkCreatable(out);              // before any expensive work: bad --out is bad usage
 * try (RunDirectory run = RunDirectory.create(out)) {
 *     Npy.write(run.resolve("k.npy"), k);
 *     ...
 *     Path done = run.finish();
 * }
 * </pre>
 *
 * A target that exists must be an empty directory: runs are never overwritten.
 */
public final class RunDirectory implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path target;
    private final Path work;
    private final List<Path> createdParents;
    private final Thread deleteOnExit;
    /** Written at the target under this lock (resumable runs), or null (hidden work directory). */
    private final RunLock lock;
    private final boolean createdTarget;
    private volatile boolean finished;
    private volatile Runnable keepOnExit;
    private volatile String resumeCommand;

    private RunDirectory(Path target, Path work, List<Path> createdParents) {
        this(target, work, createdParents, null, false);
    }

    private RunDirectory(Path target, Path work, List<Path> createdParents, RunLock lock, boolean createdTarget) {
        this.target = target;
        this.work = work;
        this.createdParents = createdParents;
        this.lock = lock;
        this.createdTarget = createdTarget;
        this.deleteOnExit = new Thread(this::onExit, "ntklab-delete-partial-run");
        Runtime.getRuntime().addShutdownHook(deleteOnExit);
    }

    /** {@code runs/KIND-yyyyMMdd-HHmmss} under the working directory, with a suffix if that exists. */
    public static Path defaultTarget(String kind) {
        Path base = Path.of("runs", kind + "-" + LocalDateTime.now().format(STAMP));
        Path candidate = base;
        for (int k = 2; Files.exists(candidate); k++) {
            candidate = Path.of(base + "-" + k);
        }
        return candidate;
    }

    /**
     * Checks, without touching the file system, that {@code target} can become a new run directory:
     * it does not exist or is an empty directory, and its nearest existing ancestor is a writable
     * directory. Throws IllegalArgumentException (bad usage) saying what is in the way.
     */
    public static void checkCreatable(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.getParent() == null) {
            throw new InvalidInputException("output directory " + target + " cannot be the file system root");
        }
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                throw new InvalidInputException("output directory " + target + " exists and is not a directory");
            }
            if (!isEmptyDirectory(absolute) && !onlyStaleLock(absolute)) {
                throw new InvalidInputException("output directory " + target
                        + " already exists and is not empty; runs are never overwritten, choose a new directory");
            }
            if (!Files.isWritable(absolute.getParent())) {
                throw new InvalidInputException("cannot create output directory " + target + ": "
                        + absolute.getParent() + " is not writable");
            }
            return;
        }
        Path ancestor = absolute.getParent();
        while (!Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (!Files.isDirectory(ancestor)) {
            throw new InvalidInputException("cannot create output directory " + target + ": "
                    + ancestor + " is a file, not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            throw new InvalidInputException("cannot create output directory " + target + ": "
                    + ancestor + " is not writable");
        }
    }

    /** The ancestors of {@code absolute} that do not exist yet, outermost first. */
    private static Deque<Path> missingParents(Path absolute) {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute.getParent(); !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        return missing;
    }

    /** Checks the target and creates the hidden working directory next to it. */
    public static RunDirectory create(Path target) {
        checkCreatable(target);
        Path absolute = target.toAbsolutePath().normalize();
        Deque<Path> missing = missingParents(absolute);
        List<Path> created = new ArrayList<>();
        try {
            for (Path p : missing) {
                Files.createDirectory(p);
                created.add(p);
            }
            Path work = absolute.resolveSibling("." + absolute.getFileName() + ".partial-"
                    + Long.toUnsignedString(RANDOM.nextLong(), 36));
            Files.createDirectory(work);
            return new RunDirectory(absolute, work, created);
        } catch (IOException e) {
            deleteEmptyParents(created);
            throw new InvalidInputException("cannot create output directory " + target + ": " + reason(e), e);
        }
    }

    /**
     * Checks the target and creates it (with missing parents), locked by this process, for a run that
     * must be resumable from its first moment: files go straight to the target. {@link #finish} and
     * {@link #keepOnExit} keep it and release the lock; {@link #close} without either deletes what
     * was written (and the target if it was created here).
     */
    public static RunDirectory createInPlace(Path target) {
        checkCreatable(target);
        Path absolute = target.toAbsolutePath().normalize();
        Deque<Path> missing = missingParents(absolute);
        List<Path> created = new ArrayList<>();
        boolean createdTarget = false;
        try {
            for (Path p : missing) {
                Files.createDirectory(p);
                created.add(p);
            }
            if (!Files.isDirectory(absolute)) {
                Files.createDirectory(absolute);
                createdTarget = true;
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            deleteEmptyParents(created);
            throw new InvalidInputException("output directory " + target + " was created by someone else meanwhile;"
                    + " choose a new directory", e);
        } catch (IOException e) {
            deleteEmptyParents(created);
            throw new InvalidInputException("cannot create output directory " + target + ": " + reason(e), e);
        }
        RunLock lock;
        try {
            lock = RunLock.acquire(absolute, "--out " + target);
        } catch (RuntimeException e) {
            if (createdTarget) {
                created.add(absolute);
            }
            deleteEmptyParents(created);
            throw e;
        }
        return new RunDirectory(absolute, absolute, created, lock, createdTarget);
    }

    /**
     * The existing run directory {@code target}, locked by this process, to continue a run written
     * in place ({@link #createInPlace}) that was killed or stopped: files go straight to it, and
     * {@link #close} without {@link #finish} deletes what it holds except the lock (as for a new one).
     */
    public static RunDirectory reopenInPlace(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new InvalidInputException(target + " is not a directory");
        }
        RunLock lock = RunLock.acquire(absolute, "--resume " + target);
        try {
            AtomicFiles.removeLeftovers(absolute);
        } catch (RuntimeException e) {
            lock.release();
            throw e;
        }
        return new RunDirectory(absolute, absolute, new ArrayList<>(), lock, false);
    }

    /** Where files go until {@link #finish}. */
    public Path path() {
        return work;
    }

    /** A file in the run directory (in the working directory until {@link #finish}). */
    public Path resolve(String fileName) {
        return work.resolve(fileName);
    }

    /** The directory the run will have once finished. */
    public Path target() {
        return target;
    }

    /**
     * Renames the working directory to the target and returns where the run now is. Should the
     * target have been filled by someone else meanwhile, the run goes to the first free
     * {@code TARGET-2}, {@code TARGET-3}, ... instead of being lost.
     */
    public Path finish() {
        if (lock != null) {
            finished = true;
            lock.release();
            removeHook();
            return target;
        }
        Path destination = target;
        for (int k = 2; Files.exists(destination) && !isEmptyDirectory(destination); k++) {
            destination = target.resolveSibling(target.getFileName() + "-" + k);
        }
        try {
            Files.move(work, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the finished run from " + work + " to " + destination
                    + ": " + reason(e), e);
        }
        finished = true;
        removeHook();
        return destination;
    }

    /**
     * From now on, a JVM that exits before {@link #finish} (Ctrl-C, a kill signal) first runs
     * {@code beforeKeeping} (for instance to record in run.json that the run was interrupted) and
     * then moves the working directory into place as if finished, instead of deleting it: for long
     * runs that checkpoint and can be resumed. {@link #close} without {@code finish} still deletes.
     */
    public void keepOnExit(Runnable beforeKeeping) {
        keepOnExit = beforeKeeping;
    }

    /** As {@link #keepOnExit(Runnable)}; the message on exit then says that {@code command} resumes the run. */
    public void keepOnExit(Runnable beforeKeeping, String command) {
        resumeCommand = command;
        keepOnExit = beforeKeeping;
    }

    private void onExit() {
        Runnable keep = keepOnExit;
        if (finished || keep == null) {
            deletePartial();
            return;
        }
        try {
            keep.run();
        } catch (RuntimeException e) {
            System.err.println("ntklab: " + e.getMessage());
        }
        try {
            Path destination = finish();
            String resume = resumeCommand;
            System.err.println("ntklab: interrupted; the run so far is in " + destination
                    + (resume == null ? "" : "; resume it with: " + resume));
        } catch (RuntimeException e) {
            System.err.println("ntklab: interrupted; the run so far stays in " + work + " (" + e.getMessage() + ")");
        }
    }

    /** Deletes the working directory unless {@link #finish} succeeded. */
    @Override
    public void close() {
        if (!finished) {
            deletePartial();
            removeHook();
        }
    }

    private void deletePartial() {
        if (finished || !Files.exists(work)) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                // the lock file goes last, by release(); an existing target was not ours to delete
                if (lock != null && (p.equals(work) || p.getFileName().toString().equals(RunLock.FILE_NAME))) {
                    continue;
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("ntklab: could not delete the unfinished run " + work + ": " + e.getMessage());
        }
        if (lock != null) {
            lock.release();
            if (createdTarget) {
                try {
                    Files.deleteIfExists(work);
                } catch (IOException e) {
                    // someone else put a file there; leave it
                }
            }
        }
        deleteEmptyParents(createdParents);
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and the hook is running or has run
        }
    }

    /** Deletes {@code dir} and everything in it (a run that is to be redone from the start). */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteEmptyParents(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                return; // not empty (someone else wrote there) or not ours to remove any more
            }
        }
    }

    /** A run killed between making its directory and writing anything: only a lock file no one holds. */
    private static boolean onlyStaleLock(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> all = entries.limit(2).toList();
            if (all.size() != 1 || !all.get(0).getFileName().toString().equals(RunLock.FILE_NAME)) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (RunLock lock = RunLock.acquire(dir, "check")) {
            return true;
        } catch (RuntimeException held) {
            return false;
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getFile() + ": " + fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
