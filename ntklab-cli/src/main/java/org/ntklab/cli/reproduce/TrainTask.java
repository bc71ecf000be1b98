package org.ntklab.cli.reproduce;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoubleConsumer;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.RunDirectory;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.cli.train.Metrics;
import org.ntklab.cli.train.TrainCommand;
import org.ntklab.cli.train.TrainReport;
import org.ntklab.cli.train.TrainSession;
import org.ntklab.io.AtomicFiles;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Matrix;
import org.ntklab.metrics.KernelDistance;
import org.ntklab.metrics.MetricSet;
import org.ntklab.train.Checkpoint;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingRun;

/**
 * A training sub-run in {@code runs/NAME}: a complete {@code ntklab train} run directory with its
 * report, optionally recording the kernel profile
 * K_t(x0, x') at chosen times ({@code kernel-profile.csv}) or the empirical NTK on chosen pairs of
 * training samples at every observation ({@code ntk-pairs.csv}).
 *
 * <p>In a resumed reproduction ({@code ntklab reproduce --resume}) a sub-run already finished with
 * this configuration is kept as it is, and an unfinished one with a checkpoint continues from it
 * (unless it records a profile or pairs, which live in memory: it starts again).
 */
record TrainTask(String name, TrainingConfig trainConfig, double cost, List<Double> profileTimes, int profileAngles,
                int[][] pairs) implements Task {
    static final String PROFILE_FILE = "kernel-profile.csv";
    static final String PAIRS_FILE = "ntk-pairs.csv";
    /** max_ij |K_t(x_i, x_j) - Theta(x_i, x_j)| at every observation, for Theorem 2's first crossing. */
    static final String DEVIATION_FILE = "kernel-entry-deviation.csv";
    private static final String REPORT = org.ntklab.cli.report.ReportRenderer.REPORT_FILE;

    /** A sub-run that records nothing beyond 'ntklab train's own files. */
    static TrainTask plain(String name, TrainingConfig config, double cost) {
        return new TrainTask(name, config, cost, null, 0, null);
    }

    static Path dir(Path runDir, String name) {
        return runDir.resolve("runs").resolve(name);
    }

    /**
     * Starts the training session of sub-run {@code runs/NAME}, recorded with the arguments that
     * repeat it ({@code extraArguments} are the recording options beyond the configuration's).
     */
    static TrainSession startSession(Path dir, String name, TrainingConfig config, List<String> extraArguments)
            throws Exception {
        if (Files.exists(dir)) {
            clearFor(dir, config);
        }
        Files.createDirectories(dir);
        return TrainSession.start(config, dir, RunRecorder.start(TrainSession.KIND, arguments(name, config, extraArguments)));
    }

    /**
     * Makes room for a new start in {@code dir}, which holds an earlier attempt that is not continued.
     * One of another configuration with something to lose (finished, or with a checkpoint: a
     * reproduction resumed by another version, or a run put there by hand) is moved aside to the
     * hidden {@code .NAME.superseded-K}, which the analyses skip, and said so; anything else (killed
     * before its first checkpoint, or a recording that lives in memory) is deleted.
     */
    private static void clearFor(Path dir, TrainingConfig config) throws java.io.IOException {
        TrainingConfig recorded = TrainSession.recordedConfig(dir);
        boolean valuable = TrainSession.finishedIn(dir) || Files.isRegularFile(dir.resolve(Checkpoint.FILE_NAME));
        if (recorded != null && valuable && !TrainSession.sameRun(config, recorded)) {
            Path aside = dir;
            for (int k = 1; Files.exists(aside); k++) {
                aside = dir.resolveSibling("." + dir.getFileName() + ".superseded-" + k);
            }
            Files.move(dir, aside);
            System.err.println("ntklab reproduce: " + dir + " held a run of another configuration; it is kept as "
                    + aside + " and the run starts again with this one's");
            return;
        }
        RunDirectory.deleteTree(dir);
    }

    /** The 'ntklab train' arguments that repeat sub-run {@code runs/NAME}. */
    private static List<String> arguments(String name, TrainingConfig config, List<String> extraArguments) {
        List<String> arguments = new ArrayList<>(TrainCommand.arguments(config));
        arguments.addAll(extraArguments);
        arguments.add("--out");
        arguments.add("runs/" + name);
        return arguments;
    }

    /** The sub-run's own report.html, as 'ntklab train' would write it. */
    static void renderReport(Path dir) {
        new TrainReport().render(dir, RunRecord.read(dir.resolve(RunRecord.FILE_NAME)));
    }

    /** Finished with this configuration (and its profile or pairs written) before the reproduction was interrupted. */
    @Override
    public boolean done(Path runDir) {
        return keptAsIs(dir(runDir, name), trainConfig, recordingFiles());
    }

    /** The recording files this sub-run writes besides 'ntklab train's (null where it records none). */
    private String[] recordingFiles() {
        return new String[] {profileTimes == null ? null : PROFILE_FILE, pairs == null ? null : PAIRS_FILE};
    }

    @Override
    public OptionalDouble recordedSeconds(Path runDir) {
        return trainingSeconds(dir(runDir, name));
    }

    /** A finished train run's 'training-wall-seconds' (its metrics' wall clock, added over its resumptions). */
    static OptionalDouble trainingSeconds(Path dir) {
        Path record = dir.resolve(RunRecord.FILE_NAME);
        if (!TrainSession.finishedIn(dir) || !Files.isRegularFile(record)) {
            return OptionalDouble.empty();
        }
        double seconds = RunRecord.read(record).results().path("training-wall-seconds").asDouble(Double.NaN);
        return Double.isFinite(seconds) ? OptionalDouble.of(seconds) : OptionalDouble.empty();
    }

    /** Whether {@link #keepFinished} would keep the run in {@code dir} with nothing to do, its report included. */
    static boolean keptAsIs(Path dir, TrainingConfig config, String... files) {
        return finishedBefore(dir, config, files) && Files.isRegularFile(dir.resolve(REPORT));
    }

    /**
     * Whether {@code dir} holds a finished run of {@code config} with the recording files named
     * (null: none): a resumed reproduction keeps it.
     */
    static boolean finishedBefore(Path dir, TrainingConfig config, String... files) {
        for (String file : files) {
            if (file != null && !Files.isRegularFile(dir.resolve(file))) {
                return false;
            }
        }
        return TrainSession.finishedIn(dir) && TrainSession.sameRun(config, TrainSession.recordedConfig(dir));
    }

    /**
     * Keeps the finished run in {@code dir} (drawing its report when the kill came between run.json
     * and report.html) and returns true, or returns false when there is none to keep.
     */
    static boolean keepFinished(Path dir, TrainingConfig config, String... files) {
        if (!finishedBefore(dir, config, files)) {
            return false;
        }
        if (!Files.isRegularFile(dir.resolve(REPORT))) {
            renderReport(dir);
        }
        return true;
    }

    @Override
    public void run(Path runDir, DoubleConsumer progress) throws Exception {
        Path dir = dir(runDir, name);
        if (keepFinished(dir, trainConfig, recordingFiles())) {
            return;
        }
        boolean inMemoryRecords = profileTimes != null || pairs != null;
        TrainSession session;
        if (!inMemoryRecords && TrainSession.resumableIn(dir, trainConfig)) {
            AtomicFiles.removeLeftovers(dir); // files half-written when the reproduction was killed
            session = TrainSession.resume(dir, RunRecorder.start(TrainSession.KIND, arguments(name, trainConfig,
                    List.of())));
        } else {
            session = startSession(dir, name, trainConfig, List.of());
        }
        ProfileRecorder profile = profileTimes == null ? null : new ProfileRecorder(profileTimes, profileAngles);
        if (profile != null) {
            session.addObserver(profile);
        }
        PairRecorder pairRecorder = pairs == null ? null : new PairRecorder(pairs, session.training().analyticGram());
        if (pairRecorder != null) {
            session.addObserver(pairRecorder);
        }
        if (trainConfig.observeKernel()) {
            session.addObserver(DeviationRecorder.continuing(dir, session.training().analyticGram()));
        }
        double logTMax = Math.log1p(trainConfig.tMax());
        // a run that ends at a D_inf level is that far along (ln t / ln t-max would say 10 % of a run
        // that is nearly done at t = 1e40 of 1e300)
        double[] levelFraction = {0.0};
        if (trainConfig.stopAtDInf() > 0) {
            int dInf = MetricSet.STANDARD.index(KernelDistance.D_INF);
            session.addObserver(o -> {
                double reached = o.metricsRow()[dInf] / trainConfig.stopAtDInf();
                if (reached > levelFraction[0]) { // false for NaN
                    levelFraction[0] = Math.min(reached, 1.0);
                }
            });
        }
        session.run((t, tMax, steps) -> progress.accept(Math.max(Math.log1p(t) / logTMax, levelFraction[0])), false);
        if (profile != null) {
            profile.write(dir.resolve(PROFILE_FILE), session);
        }
        if (pairRecorder != null) {
            pairRecorder.write(dir.resolve(PAIRS_FILE));
        }
        renderReport(dir);
    }

    /**
     * max_ij |K_t - Theta| at every observation, written out at each (a file of a few hundred rows)
     * so that a sub-run continued from its checkpoint keeps the rows observed before.
     */
    private static final class DeviationRecorder implements TrainingRun.Observer {
        private static final List<String> HEADER = List.of("t", "max_entry_deviation");
        private final Path file;
        private final Matrix theta;
        private final List<List<?>> rows = new ArrayList<>();

        private DeviationRecorder(Path file, Matrix theta) {
            this.file = file;
            this.theta = theta;
        }

        /** The recorder of the run in {@code dir}, holding the rows up to its last kept observation. */
        static DeviationRecorder continuing(Path dir, Matrix theta) {
            DeviationRecorder recorder = new DeviationRecorder(dir.resolve(DEVIATION_FILE), theta);
            Path metrics = dir.resolve(Metrics.FILE);
            if (Files.isRegularFile(recorder.file) && Files.isRegularFile(metrics)) {
                double[] observed = CsvFile.read(metrics).column("t"); // none yet when killed before the first
                double last = observed.length == 0 ? Double.NEGATIVE_INFINITY : observed[observed.length - 1];
                CsvFile csv = CsvFile.read(recorder.file);
                double[] t = csv.column("t");
                double[] deviation = csv.column("max_entry_deviation");
                for (int k = 0; k < t.length && t[k] <= last; k++) {
                    recorder.rows.add(List.of(t[k], deviation[k]));
                }
            }
            CsvFile.write(recorder.file, HEADER, recorder.rows);
            return recorder;
        }

        @Override
        public void observe(TrainingRun.Observation o) {
            if (o.empiricalNtk() != null) {
                rows.add(List.of(o.t(), o.empiricalNtk().distanceMax(theta)));
                CsvFile.write(file, HEADER, rows);
            }
        }
    }

    /** K_t(x0, x') over the angle sweep at the chosen times. */
    private static final class ProfileRecorder implements TrainingRun.Observer {
        private final List<Double> times;
        private final double[] angles;
        private final Matrix anchor = Profiles.anchor();
        private final Matrix sweep;
        private final List<String> names = new ArrayList<>();
        private final List<double[]> curves = new ArrayList<>();

        ProfileRecorder(List<Double> times, int count) {
            this.times = times;
            this.angles = Profiles.angles(count);
            this.sweep = Profiles.sweep(angles);
        }

        @Override
        public void observe(TrainingRun.Observation o) {
            for (double target : times) {
                boolean hit = target == 0 ? o.t() == 0 : o.t() > 0 && Math.abs(Math.log(o.t() / target)) < 1e-6;
                if (hit) {
                    names.add("t=" + target);
                    curves.add(EmpiricalNtk.cross(o.network(), anchor, sweep).data().clone());
                    return;
                }
            }
        }

        void write(Path file, TrainSession session) {
            List<String> header = new ArrayList<>(List.of("analytic"));
            header.addAll(names);
            List<double[]> all = new ArrayList<>();
            all.add(AnalyticKernels.ntk(session.training().network().architecture(), anchor, sweep).data());
            all.addAll(curves);
            Profiles.write(file, angles, header, all);
        }
    }

    /** K_t(x_i, x_j) on the chosen pairs at every observation, beside Theta(x_i, x_j). */
    private static final class PairRecorder implements TrainingRun.Observer {
        private final int[][] pairs;
        private final Matrix theta;
        private final List<List<?>> rows = new ArrayList<>();

        PairRecorder(int[][] pairs, Matrix theta) {
            this.pairs = pairs;
            this.theta = theta;
        }

        @Override
        public void observe(TrainingRun.Observation o) {
            if (o.empiricalNtk() == null) {
                return;
            }
            List<Object> row = new ArrayList<>();
            row.add(o.t());
            for (int[] p : pairs) {
                row.add(o.empiricalNtk().get(p[0], p[1]));
            }
            rows.add(row);
        }

        void write(Path file) {
            List<String> header = new ArrayList<>(List.of("t"));
            for (int[] p : pairs) {
                header.add("k_" + p[0] + "_" + p[1]);
            }
            for (int[] p : pairs) {
                header.add("theta_" + p[0] + "_" + p[1]);
            }
            List<List<?>> full = new ArrayList<>();
            for (List<?> row : rows) {
                List<Object> r = new ArrayList<>(row);
                for (int[] p : pairs) {
                    r.add(theta.get(p[0], p[1]));
                }
                full.add(r);
            }
            CsvFile.write(file, header, full);
        }
    }
}
