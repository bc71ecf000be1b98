package org.ntklab.cli.reproduce;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ntklab.cli.run.RunDirectory;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.io.InvalidInputException;

/**
 * The directory of a reproduction, written in place from its first moment, so that a reproduction
 * of hours that is killed (Ctrl-C, a kill signal, the machine going away) or stopped by an error
 * keeps its finished training runs and the checkpoints of the unfinished ones, and
 * {@code ntklab reproduce --resume DIR} continues it ({@link TrainTask} skips and resumes). Its
 * run.json says {@code running} until the end, {@code interrupted} or {@code failed} (with the
 * reason) when it stopped early, and holds the verdicts once finished.
 */
final class ReproductionDirectory implements AutoCloseable {
    static final String RUNNING = "running";
    static final String INTERRUPTED = "interrupted";
    static final String FAILED = "failed";
    /** The statuses of a reproduction that --resume continues. */
    static final Set<String> UNFINISHED = Set.of(RUNNING, INTERRUPTED, FAILED);

    private final RunDirectory run;
    private final boolean resumed;
    private final RunRecorder recorder;
    private final Object config;
    private final long seed;
    private volatile String failure;
    private boolean finished;

    private ReproductionDirectory(RunDirectory run, boolean resumed, RunRecorder recorder, Object config, long seed) {
        this.run = run;
        this.resumed = resumed;
        this.recorder = recorder;
        this.config = config;
        this.seed = seed;
    }

    /**
     * A new reproduction at {@code target} (which must not exist or be empty), or, when
     * {@code resuming}, the unfinished one there; run.json then says it is running.
     */
    static ReproductionDirectory open(Path target, boolean resuming, RunRecorder recorder, Object config, long seed) {
        RunDirectory run = resuming ? RunDirectory.reopenInPlace(target) : RunDirectory.createInPlace(target);
        ReproductionDirectory dir = new ReproductionDirectory(run, resuming, recorder, config, seed);
        dir.record(RUNNING, null);
        run.keepOnExit(() -> dir.record(INTERRUPTED, "interrupted"), resumeCommand(target));
        return dir;
    }

    /**
     * The original arguments of the unfinished reproduction in {@code dir}, to continue it with;
     * refuses a directory that is not one (naming what it is).
     */
    static RunRecord unfinished(Path dir) {
        Path file = dir.resolve(RunRecord.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--resume " + dir + ": no " + RunRecord.FILE_NAME
                    + " there; it is not a reproduction's run directory");
        }
        RunRecord record = RunRecord.read(file);
        if (!ReproduceReport.KIND.equals(record.kind())) {
            throw new InvalidInputException("--resume " + dir + ": a " + record.kind() + " run, not a reproduction"
                    + (record.kind().equals("train") ? " (ntklab train --resume continues it)" : ""));
        }
        String status = record.results().path("status").asText("complete");
        if (!UNFINISHED.contains(status)) {
            throw new InvalidInputException("--resume " + dir + ": this reproduction is finished (status " + status
                    + "); nothing to continue");
        }
        return record;
    }

    static String resumeCommand(Path target) {
        return "ntklab reproduce --resume " + target;
    }

    /** Where the files go (the target itself). */
    Path path() {
        return run.path();
    }

    /** Remembers why the reproduction stopped, for run.json. */
    void failed(Exception e) {
        failure = e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The reproduction is done (its final run.json is written): releases the directory. */
    Path finish() {
        finished = true;
        return run.finish();
    }

    /**
     * Stopped by an error: run.json says failed and why, and everything stays for --resume; when a
     * new reproduction has not started any training run yet (bad input found by the analysis, say)
     * there is nothing to keep, and what was written goes.
     */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        if (!resumed && !hasSubRuns()) {
            run.close();
            return;
        }
        try {
            record(FAILED, failure == null ? "stopped by an error" : failure);
        } catch (RuntimeException e) {
            System.err.println("ntklab: could not record the failure in " + run.path() + ": " + e.getMessage());
        }
        Path kept = run.finish();
        System.err.println("ntklab: the reproduction so far is kept in " + kept + "; once the cause is fixed, "
                + resumeCommand(run.target()) + " continues it");
    }

    private boolean hasSubRuns() {
        try (java.util.stream.Stream<Path> runs = Files.list(run.path().resolve("runs"))) {
            return runs.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false; // no runs/ yet
        }
    }

    private void record(String status, String message) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("status", status);
        if (message != null) {
            results.put("message", message);
        }
        recorder.finish(config, seed, results).writeTo(run.path());
    }
}
