package org.ntklab.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.data.DataSpec;
import org.ntklab.data.DataSplit;
import org.ntklab.data.Dataset;
import org.ntklab.dynamics.ClosedFormKernelRegression;
import org.ntklab.dynamics.IntegratedKernelMachine;
import org.ntklab.dynamics.KernelMachine;
import org.ntklab.flow.Integrator;
import org.ntklab.flow.NumericalFailureException;
import org.ntklab.io.InvalidInputException;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.Loss;
import org.ntklab.loss.SquaredLoss;
import org.ntklab.loss.Targets;
import org.ntklab.metrics.FlowTime;
import org.ntklab.metrics.KernelDistance;
import org.ntklab.metrics.MetricSet;
import org.ntklab.metrics.Snapshot;
import org.ntklab.metrics.TrainingSetup;
import org.ntklab.metrics.WallClock;

/**
 * One training run: a network trained on a data set by gradient flow (or fixed-step descent), the
 * NTK kernel machine integrated beside it, and observations at log-spaced flow times written to
 * {@code metrics.csv} / {@code metrics.jsonl} (and the training outputs to {@code outputs.csv}) in the
 * run directory, with checkpoints from which the run resumes bit for bit. The metrics are the
 * registered {@link MetricSet#STANDARD}; an {@link Observer} sees each observation after them.
 */
public final class TrainingRun {
    /** Outputs of at most this many training samples are tracked in outputs.csv. */
    public static final int TRACKED_OUTPUTS = 32;

    /**
     * Called at every observation time, after the metrics row was computed; records what does not fit
     * in a column (kernel profiles, pairs). A new metrics column is a {@link org.ntklab.metrics.Metric}.
     */
    public interface Observer {
        void observe(Observation observation);
    }

    /** What an observer sees: the network at flow time t (read-only by convention). */
    public record Observation(double t, long step, Network network, Matrix trainOutputs, Matrix empiricalNtk,
                              Matrix kernelMachineOutputs, double[] metricsRow) {
    }

    /** Receives progress while a run goes on. */
    public interface ProgressListener {
        void update(double t, double tMax, long steps);

        ProgressListener NONE = (t, tMax, steps) -> { };
    }

    /**
     * How a run ended. {@code reachedLevel} is true when it ended early because D_inf reached the
     * configured level ({@link TrainingConfig#stopAtDInf()}); such a run is complete, not stopped.
     */
    public record Result(double t, long steps, boolean reachedTMax, double wallSeconds, double[] lastRow,
                         boolean reachedLevel) {
        public Result(double t, long steps, boolean reachedTMax, double wallSeconds, double[] lastRow) {
            this(t, steps, reachedTMax, wallSeconds, lastRow, false);
        }
    }

    private final TrainingConfig config;
    private final Path directory;
    private final Dataset train;
    private final Dataset test;
    private final Targets targets;
    private final Targets testTargets;
    private final Network network;
    private final BlockVector initialParameters;
    private final Loss loss;
    private final Integrator integrator;
    private final NetworkObjective objective;
    private final Matrix analyticGram;
    private final Matrix initialEmpiricalGram;
    private final KernelMachine kernelMachine;
    private final double[] schedule;
    private final MetricSet metricSet = MetricSet.STANDARD;
    private final TrainingSetup setup;
    private final List<Observer> observers = new ArrayList<>();
    private MetricsLog metrics;
    private MetricsLog outputs;
    private double previousWallSeconds;

    private TrainingRun(TrainingConfig config, Path directory) {
        this.config = config;
        this.directory = directory;
        DataSplit split = DataSpec.parse(config.data()).load(config.seed());
        this.train = split.train();
        this.test = split.test();
        int outputCount = Targets.outputsFor(train);
        Architecture architecture = config.architecture(train.dim(), outputCount);
        this.targets = Targets.of(train);
        this.testTargets = test == null ? null : Targets.of(test);
        this.network = Network.initialize(architecture, config.seed());
        this.initialParameters = network.parameters().copy();
        this.loss = config.newLoss(outputCount);
        this.integrator = config.newIntegrator();
        this.objective = new NetworkObjective(network, train.x(), targets, loss);
        Matrix theta = AnalyticKernels.ntk(architecture, train.x(), train.x());
        this.analyticGram = AnalyticKernels.withOutputs(theta, outputCount);
        this.initialEmpiricalGram = config.observeKernel() ? EmpiricalNtk.gram(network, train.x()) : null;
        this.kernelMachine = config.kernelMachine() ? newKernelMachine(architecture, theta) : null;
        this.schedule = ObservationSchedule.times(config.firstObservation(), config.tMax(),
                config.observationsPerDecade());
        this.setup = new TrainingSetup(loss, targets, test == null ? null : test.x(), testTargets, initialParameters,
                analyticGram, initialEmpiricalGram, kernelMachine, integrator);
    }

    private KernelMachine newKernelMachine(Architecture architecture, Matrix theta) {
        Matrix u0 = network.forward(train.x());
        Matrix testKernel = test == null ? null : AnalyticKernels.ntk(architecture, test.x(), train.x());
        Matrix uTest0 = test == null ? null : network.forward(test.x());
        if (loss instanceof SquaredLoss squared) {
            return new ClosedFormKernelRegression(theta, testKernel, u0, uTest0, targets, squared);
        }
        return new IntegratedKernelMachine(theta, testKernel, u0, uTest0, targets, loss, config.flow());
    }

    /** A new run in {@code directory} (created if needed; must not hold a run already). */
    public static TrainingRun start(TrainingConfig config, Path directory) {
        if (Files.exists(directory.resolve(Checkpoint.FILE_NAME))) {
            throw new InvalidInputException(directory + " already holds a run; resume it or choose another directory");
        }
        TrainingRun run = new TrainingRun(config, directory);
        run.metrics = new MetricsLog(directory);
        run.outputs = new MetricsLog(directory.resolve("outputs.csv"), null, run.outputColumns());
        // a checkpoint at step 0: a run killed before its first timed checkpoint resumes instead of starting over
        run.writeCheckpoint();
        return run;
    }

    private static void requireStateLength(Path file, String what, int expected, double[] state) {
        if (state == null || state.length != expected) {
            throw new Checkpoint.CorruptCheckpointException(file, "its " + what + " state has "
                    + (state == null ? "no" : String.valueOf(state.length)) + " values, expected " + expected
                    + " (written by another version of ntklab?)");
        }
    }

    /** Continues the run whose last checkpoint is in {@code directory}. */
    public static TrainingRun resume(Path directory) {
        Path file = directory.resolve(Checkpoint.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(directory + " has no " + Checkpoint.FILE_NAME + " to resume from");
        }
        Checkpoint checkpoint = Checkpoint.read(file);
        TrainingRun run = new TrainingRun(TrainingConfig.fromMap(checkpoint.config()), directory);
        if (checkpoint.parameters().length != run.network.parameters().count()) {
            throw new Checkpoint.CorruptCheckpointException(file, "holds " + checkpoint.parameters().length
                    + " parameters but its configuration's network has " + run.network.parameters().count());
        }
        run.network.parameters().unflatten(checkpoint.parameters());
        // a fresh integrator's state has the length a checkpoint of this configuration must have
        requireStateLength(file, "integrator", run.integrator.saveState().length, checkpoint.integratorState());
        run.integrator.restoreState(checkpoint.integratorState());
        if (run.kernelMachine != null) {
            requireStateLength(file, "kernel machine", run.kernelMachine.saveState().length,
                    checkpoint.kernelMachineState());
            run.kernelMachine.restoreState(checkpoint.kernelMachineState());
        }
        run.metrics = MetricsLog.resume(directory, checkpoint.metricsRows());
        run.outputs = new MetricsLog(directory.resolve("outputs.csv"), null, run.outputColumns())
                .keepExisting(checkpoint.metricsRows());
        if (!run.metrics.rows().isEmpty()) {
            double[] last = run.metrics.rows().get(run.metrics.size() - 1);
            run.previousWallSeconds = last[run.metricSet.index(WallClock.WALL_SECONDS)];
        }
        return run;
    }

    public void addObserver(Observer observer) {
        observers.add(observer);
    }

    public TrainingConfig config() {
        return config;
    }

    public Network network() {
        return network;
    }

    public Dataset trainingSet() {
        return train;
    }

    public Matrix analyticGram() {
        return analyticGram;
    }

    public Matrix initialEmpiricalGram() {
        return initialEmpiricalGram;
    }

    public Integrator integrator() {
        return integrator;
    }

    /** Runs to t-max (or max-steps), observing, logging and checkpointing on the way. */
    public Result run(ProgressListener progress) {
        long started = System.nanoTime();
        long lastCheckpoint = started;
        long checkpointNanos = (long) (config.checkpointSeconds() * 1e9);
        boolean reached = true;
        boolean levelReached = reachedLevel();
        for (int k = metrics.size(); k < schedule.length && !levelReached; k++) {
            double target = schedule[k];
            while (true) {
                long budget = Math.min(config.maxSteps(), integrator.steps() + 64);
                boolean arrived = integrator.advanceTo(objective, target, budget);
                progress.update(integrator.time(), config.tMax(), integrator.steps());
                if (arrived) {
                    break;
                }
                if (integrator.steps() >= config.maxSteps()) {
                    reached = false;
                    break;
                }
                if (System.nanoTime() - lastCheckpoint >= checkpointNanos) {
                    writeCheckpoint();
                    lastCheckpoint = System.nanoTime();
                }
            }
            double[] row = observe(wallSeconds(started));
            levelReached = config.stopAtDInf() > 0 && row[metricSet.index(KernelDistance.D_INF)] >= config.stopAtDInf();
            boolean finished = !reached || levelReached || k == schedule.length - 1;
            if (finished || System.nanoTime() - lastCheckpoint >= checkpointNanos) {
                writeCheckpoint();
                lastCheckpoint = System.nanoTime();
            }
            if (!reached || levelReached) {
                break;
            }
        }
        double[] last = metrics.rows().get(metrics.size() - 1);
        return new Result(integrator.time(), integrator.steps(), reached && integrator.time() >= config.tMax(),
                wallSeconds(started), last, levelReached);
    }

    /** Whether the last observation so far already reached the early-stop level (a resumed finished run). */
    private boolean reachedLevel() {
        if (config.stopAtDInf() <= 0 || metrics.size() == 0) {
            return false;
        }
        return metrics.rows().get(metrics.size() - 1)[metricSet.index(KernelDistance.D_INF)] >= config.stopAtDInf();
    }

    private double wallSeconds(long started) {
        return previousWallSeconds + (System.nanoTime() - started) / 1e9;
    }

    private void writeCheckpoint() {
        double[] machine = kernelMachine == null ? new double[0] : kernelMachine.saveState();
        new Checkpoint(config.toMap(), integrator.saveState(), network.parameters().flatten(), machine,
                metrics.size()).write(directory.resolve(Checkpoint.FILE_NAME));
    }

    private double[] observe(double wallSeconds) {
        double t = integrator.time();
        long step = integrator.steps();
        Matrix f = network.forward(train.x());
        if (!f.allFinite()) {
            throw new NumericalFailureException(step, t, "network output");
        }
        requireAlive(step, t, f);
        Matrix k = null;
        if (config.observeKernel()) {
            k = EmpiricalNtk.gram(network, train.x());
            if (!k.allFinite()) {
                throw new NumericalFailureException(step, t, "empirical NTK entry");
            }
        }
        Matrix u = null;
        if (kernelMachine != null) {
            kernelMachine.advanceTo(t);
            u = kernelMachine.trainOutputs();
        }
        double[] row = metricSet.measure(new Snapshot(setup, t, step, wallSeconds, network, f, k, u));
        metrics.append(row);
        outputs.append(outputRow(t, f, u));
        for (Observer observer : observers) {
            observer.observe(new Observation(t, step, network, f, k, u, row));
        }
        return row;
    }

    /**
     * A hidden layer whose ReLUs are all off on every sample passes the same values (its successor's
     * biases) to the layers above for every input, so the outputs are equal for all samples; distinct
     * inputs giving bit-identical outputs means exactly that (a resnet's skip paths keep it alive).
     */
    private void requireAlive(long step, double t, Matrix f) {
        if (train.n() < 2 || !identicalRows(f) || identicalRows(train.x())) {
            return;
        }
        throw new DeadNetworkException(step, t);
    }

    private static boolean identicalRows(Matrix m) {
        for (int i = 1; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                if (Double.doubleToLongBits(m.get(i, j)) != Double.doubleToLongBits(m.get(0, j))) {
                    return false;
                }
            }
        }
        return true;
    }

    private int trackedRows() {
        return Math.min(train.n(), TRACKED_OUTPUTS);
    }

    private List<String> outputColumns() {
        List<String> columns = new ArrayList<>();
        columns.add(FlowTime.T);
        int c = Targets.outputsFor(train);
        for (String prefix : new String[] {"f", "u"}) {
            for (int i = 0; i < trackedRows(); i++) {
                for (int o = 0; o < c; o++) {
                    columns.add(c == 1 ? prefix + "_" + i : prefix + "_" + i + "_" + o);
                }
            }
        }
        return columns;
    }

    private double[] outputRow(double t, Matrix f, Matrix u) {
        int c = f.cols();
        int tracked = trackedRows() * c;
        double[] row = new double[1 + 2 * tracked];
        row[0] = t;
        for (int k = 0; k < tracked; k++) {
            row[1 + k] = f.data()[k];
            row[1 + tracked + k] = u == null ? Double.NaN : u.data()[k];
        }
        return row;
    }
}
