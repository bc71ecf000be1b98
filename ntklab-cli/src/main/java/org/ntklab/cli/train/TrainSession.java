package org.ntklab.cli.train;

import static org.ntklab.metrics.FlowTime.STEP;
import static org.ntklab.metrics.KernelDistance.D_INF;
import static org.ntklab.metrics.WallClock.WALL_SECONDS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.data.DataSpec;
import org.ntklab.io.InvalidInputException;
import org.ntklab.io.Npy;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Matrix;
import org.ntklab.train.Checkpoint;
import org.ntklab.train.MetricsLog;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingRun;

/**
 * One training run in a directory, fresh or resumed, with everything {@code ntklab train} writes
 * around the core's {@link TrainingRun}: the analytic and initial empirical NTK Gram matrices
 * ({@code ntk_analytic.npy}, {@code ntk_initial.npy}), the last observed empirical one
 * ({@code ntk_final.npy}), run.json (written with status "running" before training starts and
 * rewritten when it ends, however it ends) and the figures and report. Used by {@code ntklab train}
 * and by {@code ntklab reproduce} for its sub-runs.
 */
public final class TrainSession {
    public static final String KIND = "train";
    public static final String ANALYTIC_FILE = "ntk_analytic.npy";
    public static final String INITIAL_FILE = "ntk_initial.npy";
    public static final String FINAL_FILE = "ntk_final.npy";
    /** Run statuses after which a run is done: it reached t-max or its stop level, or its step budget (a rerun would stop there too). */
    public static final Set<String> FINISHED = Set.of(TrainResults.COMPLETE, TrainResults.STOPPED);

    private final TrainingRun training;
    private final TrainingConfig config;
    private final Path dir;
    private final RunRecorder recorder;
    private volatile Matrix lastKernel;
    private volatile TrainResults results;

    private TrainSession(TrainingRun training, TrainingConfig config, Path dir, RunRecorder recorder) {
        this.training = training;
        this.config = config;
        this.dir = dir;
        this.recorder = recorder;
        training.addObserver(o -> {
            if (o.empiricalNtk() != null) {
                lastKernel = o.empiricalNtk();
            }
        });
    }

    /**
     * A new run in {@code dir} (an empty directory); config's data spec should be canonical. run.json
     * (status running) comes first and the core writes a checkpoint at step 0, so that a run killed
     * at any moment can be resumed ({@link #restart} when it died before its first checkpoint).
     */
    public static TrainSession start(TrainingConfig config, Path dir, RunRecorder recorder) {
        recordStarting(config, dir, recorder, TrainResults.RUNNING, null);
        TrainingRun training = TrainingRun.start(config, dir);
        Npy.write(dir.resolve(ANALYTIC_FILE), training.analyticGram());
        if (training.initialEmpiricalGram() != null) {
            Npy.write(dir.resolve(INITIAL_FILE), training.initialEmpiricalGram());
        }
        return new TrainSession(training, config, dir, recorder);
    }

    /** Continues the run in {@code dir} from its checkpoint; IllegalArgumentException if it has none. */
    public static TrainSession resume(Path dir, RunRecorder recorder) {
        if (!Files.isRegularFile(dir.resolve(Checkpoint.FILE_NAME))) {
            throw new InvalidInputException(dir + " has no " + Checkpoint.FILE_NAME + " to resume from"
                    + (Files.isRegularFile(dir.resolve(RunRecord.FILE_NAME)) ? "" : " (and is not a run directory)"));
        }
        TrainingRun training;
        try {
            training = TrainingRun.resume(dir);
        } catch (Checkpoint.CorruptCheckpointException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        // killed after the step-0 checkpoint but before these were written: the run recomputed both
        if (!Files.isRegularFile(dir.resolve(ANALYTIC_FILE))) {
            Npy.write(dir.resolve(ANALYTIC_FILE), training.analyticGram());
        }
        if (training.initialEmpiricalGram() != null && !Files.isRegularFile(dir.resolve(INITIAL_FILE))) {
            Npy.write(dir.resolve(INITIAL_FILE), training.initialEmpiricalGram());
        }
        return new TrainSession(training, training.config(), dir, recorder);
    }

    /**
     * Whether {@code dir} holds a finished train run: a train run.json whose status is complete (or
     * stopped at the step budget) and its metrics.csv. Anything else is to be redone or resumed.
     */
    public static boolean finishedIn(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunRecord.FILE_NAME)) || !Files.isRegularFile(dir.resolve(Metrics.FILE))) {
            return false;
        }
        try {
            RunRecord record = RunRecord.read(dir.resolve(RunRecord.FILE_NAME));
            return KIND.equals(record.kind()) && FINISHED.contains(record.results().path("status").asText());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The configuration in the run.json of {@code dir}, or null when there is none or it is unreadable. */
    public static TrainingConfig recordedConfig(Path dir) {
        try {
            RunRecord record = RunRecord.read(dir.resolve(RunRecord.FILE_NAME));
            return KIND.equals(record.kind()) ? record.config(TrainingConfig.class) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether {@code dir} holds an unfinished run of {@code config} with a checkpoint (killed, or
     * failed): it continues from there instead of starting again. A run of another configuration
     * does not.
     */
    public static boolean resumableIn(Path dir, TrainingConfig config) {
        return !finishedIn(dir) && Files.isRegularFile(dir.resolve(Checkpoint.FILE_NAME))
                && sameRun(config, recordedConfig(dir));
    }

    /**
     * Whether two configurations define the same run: equal once their data specs are in canonical
     * form ('ntklab train' records "circle:n=6" as "circle:n=6,sectors=6,...", a plan may not).
     */
    public static boolean sameRun(TrainingConfig a, TrainingConfig b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            return canonicalData(a).equals(canonicalData(b));
        } catch (RuntimeException e) {
            return a.equals(b); // a data spec this version cannot parse: only the same text is the same run
        }
    }

    private static TrainingConfig canonicalData(TrainingConfig c) {
        return c.with("data", DataSpec.parse(c.data()).toString());
    }

    /** run.json of a run that has not measured anything yet. */
    public static void recordStarting(TrainingConfig config, Path dir, RunRecorder recorder, String status,
                                      String message) {
        TrainResults nothing = new TrainResults(status, message, 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of());
        recorder.finish(config, config.seed(), nothing).writeTo(dir);
    }

    /**
     * What a run killed in flight records in run.json: status interrupted, with what {@code session}
     * measured so far, or, when no session had started yet, the configuration alone.
     */
    public static void recordInterrupted(TrainSession session, TrainingConfig config, Path dir, RunRecorder recorder) {
        if (session != null) {
            session.recordQuietly(TrainResults.INTERRUPTED, "interrupted");
        } else {
            recordStarting(config, dir, recorder, TrainResults.INTERRUPTED, "interrupted before the first checkpoint");
        }
    }

    /**
     * Starts the run in {@code dir} again from the configuration in its run.json: a run killed before
     * its first checkpoint (there is nothing to lose, every run is determined by its seed).
     */
    public static TrainSession restart(Path dir, RunRecorder recorder) {
        RunRecord record = RunRecord.read(dir.resolve(RunRecord.FILE_NAME));
        TrainingConfig config = record.config(TrainingConfig.class);
        return start(config, dir, recorder);
    }

    public TrainingRun training() {
        return training;
    }

    public TrainingConfig config() {
        return config;
    }

    public Path dir() {
        return dir;
    }

    public void addObserver(TrainingRun.Observer observer) {
        training.addObserver(observer);
    }

    /**
     * Trains to t-max (or max-steps), then writes the final files, run.json and the report. Should
     * training fail, run.json records the failure before the exception goes on.
     */
    public TrainResults run(TrainingRun.ProgressListener progress) {
        return run(progress, true);
    }

    /** As {@link #run(TrainingRun.ProgressListener)}, drawing the report only when {@code report} is set. */
    public TrainResults run(TrainingRun.ProgressListener progress, boolean report) {
        writeRecord(partialResults(TrainResults.RUNNING, null));
        TrainingRun.Result result;
        try {
            result = training.run(progress);
        } catch (RuntimeException | Error e) {
            recordQuietly(TrainResults.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
        try {
            return finish(result, report);
        } catch (RuntimeException | Error e) {
            // trained to the end but a final file is missing (a full disk): "incomplete", and --resume,
            // which finds nothing left to train, writes the final files again
            recordQuietly(TrainResults.INCOMPLETE, "training finished but the final files were not all written: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
            throw e;
        }
    }

    private TrainResults finish(TrainingRun.Result result, boolean report) {
        Matrix last = lastKernel;
        if (last == null && config.observeKernel() && !Files.isRegularFile(dir.resolve(FINAL_FILE))) {
            // a resumed finished run whose last write failed: the checkpoint holds the final parameters
            last = EmpiricalNtk.gram(training.network(), training.trainingSet().x());
        }
        if (last != null) {
            Npy.write(dir.resolve(FINAL_FILE), last);
        }
        TrainResults done;
        if (result.reachedLevel()) {
            double dInf = result.lastRow()[MetricsLog.column(D_INF)];
            done = partialResults(TrainResults.COMPLETE, "reached D_inf = " + Table.number(dInf) + " >= "
                    + Table.number(config.stopAtDInf()) + " (--stop-at-d-inf) at t = " + Table.number(result.t()));
        } else if (result.reachedTMax()) {
            done = partialResults(TrainResults.COMPLETE, null);
        } else {
            done = partialResults(TrainResults.STOPPED, "stopped at max-steps = " + config.maxSteps() + " before t-max");
        }
        if (report) {
            // run.json says complete only once the report is written too
            new TrainReport().render(dir, recorder.finish(config, config.seed(), done));
        }
        writeRecord(done);
        return done;
    }

    /** Records in run.json that the run ended early (used when the JVM is interrupted); never throws. */
    public void recordQuietly(String status, String message) {
        try {
            writeRecord(partialResults(status, message));
        } catch (RuntimeException e) {
            // the run directory may be going away; the checkpoint is what matters
        }
    }

    public TrainResults results() {
        return results;
    }

    private RunRecord writeRecord(TrainResults r) {
        results = r;
        RunRecord record = recorder.finish(config, config.seed(), r);
        record.writeTo(dir);
        return record;
    }

    /** Results from what metrics.csv holds now. */
    private TrainResults partialResults(String status, String message) {
        int n = training.trainingSet().n();
        int d = training.trainingSet().dim();
        int outputs = training.network().outputs();
        if (!Files.isRegularFile(dir.resolve(Metrics.FILE))) {
            return new TrainResults(status, message, 0, 0, 0, n, d, outputs, 0, Map.of(), Map.of());
        }
        Metrics m;
        try {
            m = Metrics.read(dir);
        } catch (RuntimeException e) {
            return new TrainResults(status, message, 0, 0, 0, n, d, outputs, 0, Map.of(), Map.of());
        }
        return new TrainResults(status, message, m.lastT(), (long) m.last(STEP),
                m.has(WALL_SECONDS) ? m.last(WALL_SECONDS) : Double.NaN, n, d, outputs, m.rows(), m.row(0),
                m.row(m.rows() - 1));
    }
}
