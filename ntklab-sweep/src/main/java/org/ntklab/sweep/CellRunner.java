package org.ntklab.sweep;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.function.Function;
import org.ntklab.cli.run.RunDirectory;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.cli.train.TrainCommand;
import org.ntklab.cli.train.ResumedRunLock;
import org.ntklab.cli.train.TrainSession;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingRun;

/**
 * The Spark task of one cell, run in an executor: trains the cell into OUTPUT_ROOT/NAME as
 * {@code ntklab train --out OUTPUT_ROOT/NAME} would, in place and under the run's lock, so that a
 * sweep killed while the cell trains (Ctrl-C, SIGKILL, a lost executor) leaves the run there with
 * its checkpoint and {@code run.json} status {@code running} or {@code interrupted}. The next sweep
 * continues such a run from its checkpoint ({@link Cell#resumableIn}), as {@code ntklab train
 * --resume} would: a cell of hours loses at most the time since its last checkpoint. Only a
 * finished run counts as done ({@link Cell#finishedIn}). A failure is returned as the cell's
 * outcome, not thrown, so the other cells go on.
 */
final class CellRunner implements Function<Cell, CellOutcome> {
    private final String root;
    private final boolean reports;

    CellRunner(Path root, boolean reports) {
        this.root = root.toString();
        this.reports = reports;
    }

    @Override
    public CellOutcome call(Cell cell) {
        return run(cell, Path.of(root), reports);
    }

    static CellOutcome run(Cell cell, Path root, boolean reports) {
        long start = System.nanoTime();
        String host = host();
        if (cell.finishedIn(root)) {
            return new CellOutcome(cell.name(), CellOutcome.SKIPPED, null, 0, host);
        }
        try {
            TrainingConfig config = cell.config();
            Path target = cell.dir(root);
            List<String> arguments = new ArrayList<>(TrainCommand.arguments(config));
            arguments.add("--out");
            arguments.add(target.toString());
            if (cell.resumableIn(root)) {
                resume(target, arguments, reports);
                return new CellOutcome(cell.name(), CellOutcome.RESUMED, null, seconds(start), host);
            }
            removeLeftovers(cell, root);
            try (RunDirectory run = RunDirectory.createInPlace(target)) {
                RunRecorder recorder = RunRecorder.start(TrainSession.KIND, arguments);
                AtomicReference<TrainSession> current = new AtomicReference<>();
                // killed (not failed): keep the run with its checkpoint for the next sweep to continue
                run.keepOnExit(() -> TrainSession.recordInterrupted(current.get(), config, run.path(), recorder));
                TrainSession session = TrainSession.start(config, run.path(), recorder);
                current.set(session);
                session.run(TrainingRun.ProgressListener.NONE, reports);
                run.finish();
            }
            return new CellOutcome(cell.name(), CellOutcome.RAN, null, seconds(start), host);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
            return new CellOutcome(cell.name(), CellOutcome.FAILED, message, seconds(start), host);
        }
    }

    /**
     * Continues the unfinished run in {@code dir} from its checkpoint, under its lock; killed again,
     * it records that it was interrupted and stays resumable.
     */
    private static void resume(Path dir, List<String> arguments, boolean reports) {
        try (ResumedRunLock lock = ResumedRunLock.acquire(dir, "sweep cell " + dir.getFileName(), () -> { })) {
            TrainSession session = TrainSession.resume(dir, RunRecorder.start(TrainSession.KIND, arguments));
            lock.track(session);
            session.run(TrainingRun.ProgressListener.NONE, reports);
        }
    }

    /** An unfinished directory under the cell's name and hidden working directories of killed attempts. */
    private static void removeLeftovers(Cell cell, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        if (Files.exists(cell.dir(root))) {
            RunDirectory.deleteTree(cell.dir(root));
        }
        try (DirectoryStream<Path> partial = Files.newDirectoryStream(root, "." + cell.name() + ".partial-*")) {
            for (Path p : partial) {
                RunDirectory.deleteTree(p);
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "?";
        }
    }
}
