package org.ntklab.cli.reproduce;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ntklab.cli.run.Json;
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

    /** How often run.json of a running reproduction is rewritten, so that a SIGKILL loses at most this much of its wall time. */
    static final long HEARTBEAT_SECONDS = 60;

    private final RunDirectory run;
    private final boolean resumed;
    private final RunRecorder recorder;
    private final Object config;
    private final long seed;
    /** The legs before this one (a resumed reproduction), as run.json recorded them. */
    private final List<Map<String, Object>> earlierLegs;
    private final Instant legStarted = Instant.now();
    private final long legStartNanos = System.nanoTime();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ntklab-reproduce-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String failure;
    private boolean finished;
    /** Set once the final, interrupted or failed record is written: the heartbeat writes no more. */
    private boolean recorded;

    private ReproductionDirectory(RunDirectory run, boolean resumed, RunRecorder recorder, Object config, long seed,
                                  List<Map<String, Object>> earlierLegs) {
        this.run = run;
        this.resumed = resumed;
        this.recorder = recorder;
        this.config = config;
        this.seed = seed;
        this.earlierLegs = earlierLegs;
    }

    /**
     * A new reproduction at {@code target} (which must not exist or be empty), or, when
     * {@code resuming}, the unfinished one there; run.json then says it is running.
     */
    static ReproductionDirectory open(Path target, boolean resuming, RunRecorder recorder, Object config, long seed) {
        RunDirectory run = resuming ? RunDirectory.reopenInPlace(target) : RunDirectory.createInPlace(target);
        List<Map<String, Object>> earlier = resuming ? legsIn(run.path()) : List.of();
        ReproductionDirectory dir = new ReproductionDirectory(run, resuming, recorder, config, seed, earlier);
        dir.record(RUNNING, null);
        run.keepOnExit(() -> dir.recordLast(INTERRUPTED, "interrupted"), resumeCommand(target));
        dir.heartbeat.scheduleAtFixedRate(dir::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        return dir;
    }

    /** The legs that run.json in {@code dir} recorded (none when it has none, or none readable). */
    private static List<Map<String, Object>> legsIn(Path dir) {
        try {
            JsonNode legs = RunRecord.read(dir.resolve(RunRecord.FILE_NAME)).results().path("legs");
            List<Map<String, Object>> list = new ArrayList<>();
            for (JsonNode leg : legs) {
                list.add(Json.MAPPER.convertValue(leg, new TypeReference<Map<String, Object>>() { }));
            }
            return list;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Every leg of the reproduction so far (started, wall seconds, how it ended; a leg killed by
     * SIGKILL shows its last heartbeat, status running), this one with its time until now. Called for
     * the final record: no heartbeat is written after it.
     */
    synchronized List<Map<String, Object>> legs() {
        stopHeartbeat();
        return legsUntilNow("complete");
    }

    /** Puts the legs and their total wall time into the final results (and stops the heartbeat). */
    void addLegs(Map<String, Object> results) {
        List<Map<String, Object>> legs = legs();
        results.put("legs", legs);
        results.put("wall-seconds-all-legs", totalSeconds(legs));
    }

    /** The wall seconds of every leg added up. */
    static double totalSeconds(List<Map<String, Object>> legs) {
        return legs.stream().mapToDouble(l -> ((Number) l.get("seconds")).doubleValue()).sum();
    }

    private List<Map<String, Object>> legsUntilNow(String status) {
        List<Map<String, Object>> all = new ArrayList<>(earlierLegs);
        Map<String, Object> leg = new LinkedHashMap<>();
        leg.put("started", legStarted.toString());
        leg.put("seconds", (System.nanoTime() - legStartNanos) / 1e9);
        leg.put("status", status);
        all.add(leg);
        return all;
    }

    private synchronized void beat() {
        if (!recorded) {
            try {
                record(RUNNING, null);
            } catch (RuntimeException e) {
                // the next beat, or the final record, tries again
            }
        }
    }

    /** The last record of this leg (interrupted or failed): the heartbeat stops. */
    private synchronized void recordLast(String status, String message) {
        stopHeartbeat();
        record(status, message);
    }

    /** No more heartbeat records: the leg's last record is being written. */
    private synchronized void stopHeartbeat() {
        recorded = true;
        heartbeat.shutdownNow();
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
        stopHeartbeat();
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
            stopHeartbeat();
            run.close();
            return;
        }
        try {
            recordLast(FAILED, failure == null ? "stopped by an error" : failure);
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
        List<Map<String, Object>> legs = legsUntilNow(status);
        results.put("legs", legs);
        results.put("wall-seconds-all-legs", totalSeconds(legs));
        recorder.finish(config, seed, results).writeTo(run.path());
    }
}
