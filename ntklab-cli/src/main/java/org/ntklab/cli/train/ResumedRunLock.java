package org.ntklab.cli.train;

import java.nio.file.Path;
import org.ntklab.cli.run.RunLock;
import org.ntklab.io.AtomicFiles;

/**
 * What a run continued from its checkpoint holds while it trains ({@code ntklab train --resume}, a
 * sweep's unfinished cell): the run's lock, so that no second writer interleaves rows, and a shutdown
 * hook, so that a JVM killed meanwhile records in run.json that the run was interrupted (with what
 * the {@linkplain #track tracked} session measured), releases the lock and then runs
 * {@code onInterrupt} (a message, say). {@link #close} releases the lock and removes the hook.
 */
public final class ResumedRunLock implements AutoCloseable {
    private final RunLock lock;
    private final Thread hook;
    private volatile TrainSession session;

    private ResumedRunLock(RunLock lock, Runnable onInterrupt) {
        this.lock = lock;
        this.hook = new Thread(() -> {
            TrainSession s = session;
            if (s != null) {
                s.recordQuietly(TrainResults.INTERRUPTED, "interrupted");
            }
            lock.release();
            onInterrupt.run();
        }, "ntklab-interrupted-resume");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Takes the lock of {@code dir} (refused, naming the holder, when another process has it;
     * {@code what} starts that message), installs the hook, and removes the temporary files of a
     * writer that was killed mid-write: no one else writes there now.
     */
    public static ResumedRunLock acquire(Path dir, String what, Runnable onInterrupt) {
        ResumedRunLock held = new ResumedRunLock(RunLock.acquire(dir, what), onInterrupt);
        try {
            AtomicFiles.removeLeftovers(dir);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
        return held;
    }

    /** The session whose measurements the hook records if the JVM is killed. */
    public void track(TrainSession session) {
        this.session = session;
    }

    /** Releases the lock early (the run is kept for a later resume); the hook stays until {@link #close}. */
    public void release() {
        lock.release();
    }

    @Override
    public void close() {
        lock.release();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook records the interruption
        }
    }
}
