package org.ntklab.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.Function;
import org.ntklab.cli.run.RunDirectory;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.cli.train.TrainCommand;
import org.ntklab.cli.train.TrainSession;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingRun;

/**
 * The Spark task of one cell, run in an executor: trains the cell into OUTPUT_ROOT/NAME as
 * {@code ntklab train --out OUTPUT_ROOT/NAME} would. The run is written in a hidden working
 * directory and renamed into place when finished ({@link RunDirectory}), so a killed sweep leaves
 * no half-written run under the cell's name; leftovers of a killed attempt are removed first. A
 * failure is returned as the cell's outcome, not thrown, so the other cells go on.
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
            removeLeftovers(cell, root);
            TrainingConfig config = cell.config();
            Path target = cell.dir(root);
            List<String> arguments = new ArrayList<>(TrainCommand.arguments(config));
            arguments.add("--out");
            arguments.add(target.toString());
            try (RunDirectory run = RunDirectory.create(target)) {
                TrainSession session = TrainSession.start(config, run.path(), RunRecorder.start(TrainSession.KIND, arguments));
                session.run(TrainingRun.ProgressListener.NONE, reports);
                run.finish();
            }
            return new CellOutcome(cell.name(), CellOutcome.RAN, null, seconds(start), host);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
            return new CellOutcome(cell.name(), CellOutcome.FAILED, message, seconds(start), host);
        }
    }

    /** An unfinished directory under the cell's name and hidden working directories of killed attempts. */
    private static void removeLeftovers(Cell cell, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        if (Files.exists(cell.dir(root))) {
            deleteTree(cell.dir(root));
        }
        try (DirectoryStream<Path> partial = Files.newDirectoryStream(root, "." + cell.name() + ".partial-*")) {
            for (Path p : partial) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
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
