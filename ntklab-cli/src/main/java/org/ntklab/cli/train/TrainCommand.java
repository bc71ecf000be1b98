package org.ntklab.cli.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.ntklab.cli.common.CommonOptions;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.common.Progress;
import org.ntklab.cli.common.VersionProvider;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.ConfigResolver;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.run.RunDirectory;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.data.DataSize;
import org.ntklab.data.DataSpec;
import org.ntklab.data.DataSplit;
import org.ntklab.io.InvalidInputException;
import org.ntklab.io.Printable;
import org.ntklab.loss.Targets;
import org.ntklab.train.Checkpoint;
import org.ntklab.train.ResourceCheck;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ntklab train}: trains one network by gradient flow (or gradient descent) next to the NTK
 * kernel machine, observing the empirical NTK at log-spaced times; {@code --resume DIR} continues a
 * run from its checkpoint.
 *
 * <p>The defaults of the options are the core's ({@link org.ntklab.train.TrainingConfig#defaults});
 * a test checks that they agree.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Trains a network and watches its empirical NTK, next to the NTK kernel machine.",
            "",
            "Trains an fcn or resnet on a data set by time-rescaled gradient flow (steps grow as the gradient "
                    + "shrinks, so flow times like 1e30 are reached) or by gradient descent, integrates the NTK "
                    + "kernel machine (kernel logistic or kernel regression with the analytic NTK) beside it, and at "
                    + "log-spaced times records the loss, the outputs, ||theta_t - theta_0||, the empirical NTK's "
                    + "distance to the analytic NTK (D_inf) and to its start (D_0), its extreme eigenvalues and the "
                    + "gap to the kernel machine.",
            "",
            "Writes a new run directory: metrics.csv and metrics.jsonl (one row per observation), outputs.csv "
                    + "(f_i(t) and u_i(t) on up to 32 training samples), checkpoint.bin (to resume), "
                    + "ntk_analytic.npy, ntk_initial.npy, ntk_final.npy, run.json, figures (PNG and SVG) and "
                    + "report.html; with --record-profile also kernel-profile.csv, with --record-pairs ntk-pairs.csv. Interrupted (Ctrl-C) or failed runs keep their directory, with the last "
                    + "checkpoint, so that --resume can continue them.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ntklab train --arch fcn --depth 2 --width 256 --loss ce --data circle:n=6 \\",
            "               --t-max 1e30 --seed 1 --out runs/ce-256",
            "  ntklab train --spec runs/ce-256/run.json --loss mse --out runs/mse-256",
            "  ntklab train --resume runs/ce-256",
            "",
            "Spec files (YAML or JSON) hold the same options without the dashes",
            "(t-max: 1e30); options on the command line override them."},
        defaultValueProvider = TrainCommand.CoreDefaults.class)
public final class TrainCommand implements Callable<Integer> {
    /**
     * The options' defaults are the core's ({@link TrainingConfig#defaults}), read at run time so
     * that the command line and the library cannot drift apart. Options without a default in the
     * core's sense (the model, the data and the seed) are required.
     */
    public static final class CoreDefaults implements IDefaultValueProvider {
        private static final Set<String> REQUIRED = Set.of("arch", "depth", "width", "data", "seed");
        private static final ObjectNode DEFAULTS =
                Json.MAPPER.valueToTree(TrainingConfig.defaults("fcn", 1, 1, 1.0, "circle", "ce"));

        @Override
        public String defaultValue(ArgSpec argument) {
            if (!(argument instanceof OptionSpec option)) {
                return null;
            }
            String key = option.longestName().replaceFirst("^--", "");
            JsonNode value = DEFAULTS.get(key);
            return value == null || REQUIRED.contains(key) ? null : value.asText();
        }
    }

    /** Options allowed next to --resume: the run's configuration comes from its checkpoint. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--quiet", "--progress", "--stacktrace");

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", paramLabel = "fcn|resnet", description = "Fully connected ReLU network or ResNet.")
    String arch;

    @Option(names = "--depth", paramLabel = "L", description = "Hidden layers of the fcn, residual blocks of the resnet.")
    Integer depth;

    @Option(names = "--width", paramLabel = "m", description = "Width of every hidden layer.")
    Integer width;

    @Option(names = "--alpha", paramLabel = "A",
            description = "Residual branch scaling of the resnet. Default: ${DEFAULT-VALUE}.")
    Double alpha;

    @Option(names = "--activation", paramLabel = "NAME",
            description = "Activation of the hidden layers: ${COMPLETION-CANDIDATES}; a hidden layer is "
                    + "c_phi / sqrt(m) phi(h) with c_phi^2 E[phi(z)^2] = 1 for z ~ N(0, 1) (relu: the paper's sqrt(2/m)). "
                    + "Default: ${DEFAULT-VALUE}.",
            completionCandidates = org.ntklab.cli.common.ActivationNames.class)
    String activation;

    @Option(names = "--data", paramLabel = "SPEC",
            description = "Data set, e.g. circle:n=6 or mnist:parity,n=100,test=100 (docs/data.md).")
    String data;

    @Option(names = "--loss", paramLabel = "ce|mse",
            description = "Cross-entropy (logistic for two classes, softmax for more) or squared loss. "
                    + "Default: ${DEFAULT-VALUE}.")
    String loss;

    @Option(names = "--reduction", paramLabel = "sum|mean",
            description = "Sum the loss over the samples (the paper's eq. 2.3) or average it. Default: ${DEFAULT-VALUE}.")
    String reduction;

    @Option(names = "--integrator", paramLabel = "flow|gd",
            description = "Time-rescaled gradient flow, or gradient descent with a fixed learning rate "
                    + "(flow time t = steps x lr). Default: ${DEFAULT-VALUE}.")
    String integrator;

    @Option(names = "--lr", paramLabel = "ETA",
            description = "Learning rate of gd. Default: ${DEFAULT-VALUE}.")
    Double lr;

    @Option(names = "--t-max", paramLabel = "T",
            description = "Flow time to train to. Default: ${DEFAULT-VALUE}.")
    Double tMax;

    @Option(names = "--max-steps", paramLabel = "N",
            description = "Stop after this many steps even before t-max. Default: ${DEFAULT-VALUE}.")
    Long maxSteps;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the data set and of the initial parameters.")
    Long seed;

    @Option(names = "--observations-per-decade", paramLabel = "K",
            description = "Observation times per decade of t (log-spaced, plus t = 0). Default: ${DEFAULT-VALUE}.")
    Integer observationsPerDecade;

    @Option(names = "--first-observation", paramLabel = "T0",
            description = "First observation time after t = 0. Default: ${DEFAULT-VALUE}.")
    Double firstObservation;

    @Option(names = "--kernel-machine", negatable = true, fallbackValue = "true",
            description = "Integrate the NTK kernel machine beside the network (--no-kernel-machine: do not). "
                    + "Default: ${DEFAULT-VALUE}.")
    Boolean kernelMachine;

    @Option(names = "--observe-kernel", negatable = true, fallbackValue = "true",
            description = "Compute the empirical NTK at every observation (--no-observe-kernel: do not; no D_inf, "
                    + "D_0 or eigenvalues then). Default: ${DEFAULT-VALUE}.")
    Boolean observeKernel;

    @Option(names = "--checkpoint-seconds", paramLabel = "S",
            description = "Wall time between checkpoints. Default: ${DEFAULT-VALUE}.")
    Double checkpointSeconds;

    @Option(names = "--rtol", paramLabel = "R",
            description = "Flow: relative error tolerance of a step. Default: ${DEFAULT-VALUE}.")
    Double rtol;

    @Option(names = "--loss-resolution", paramLabel = "R",
            description = "Flow: a predicted relative loss change below this is rounding; the step is then bounded "
                    + "by --max-param-step alone. Default: ${DEFAULT-VALUE}.")
    Double lossResolution;

    @Option(names = "--min-param-step", paramLabel = "S",
            description = "Flow: a step this short in parameter space is accepted regardless of the error test "
                    + "(sliding along ReLU kinks). Default: ${DEFAULT-VALUE}.")
    Double minParamStep;

    @Option(names = "--max-param-step", paramLabel = "S",
            description = "Flow: the largest step in parameter space. Default: ${DEFAULT-VALUE}.")
    Double maxParamStep;

    @Option(names = "--max-time-growth", paramLabel = "G",
            description = "Flow: t grows by at most this fraction per step. Default: ${DEFAULT-VALUE}.")
    Double maxTimeGrowth;

    @Option(names = "--initial-step", paramLabel = "DT",
            description = "Flow: the first time step. Default: ${DEFAULT-VALUE}.")
    Double initialStep;

    @Option(names = "--stationary-tol", paramLabel = "E",
            description = "Flow: when ||gradient|| x (time to the next observation) is below this, skip to it "
                    + "(converged squared-loss runs). Default: ${DEFAULT-VALUE}.")
    Double stationaryTol;

    @Option(names = "--min-log-step", paramLabel = "R",
            description = "Flow: a step of at most this fraction of t is accepted regardless of the error test when "
                    + "it lowers the loss; bounds the steps per e-fold of t by 1 / ln(1 + R) (0: off). "
                    + "Default: ${DEFAULT-VALUE}.")
    Double minLogStep;

    @Option(names = "--stop-at-d-inf", paramLabel = "C",
            description = "End the run (status complete, reason in run.json) at the first observation with "
                    + "D_inf >= C, or at --t-max, whichever comes first (0: never). Default: ${DEFAULT-VALUE}.")
    Double stopAtDInf;

    @Option(names = "--record-profile", paramLabel = "I",
            description = "At every observation, record the kernel profile through training input I in "
                    + KernelRecordings.PROFILE_FILE + ": on two-dimensional data K_t(x_I, x') for x' on the circle "
                    + "of radius |x_I| at --profile-angles polar angles over [-pi, pi] (the paper's Fig. 2 and 3: "
                    + "I = 0 on circle:n=6, x_0 = (1, 0)); on other data K_t(x_I, x_j) for every training input j. "
                    + "Beside the analytic NTK's values.")
    Integer recordProfile;

    @Option(names = "--profile-angles", paramLabel = "N",
            description = "Angles of the --record-profile grid on two-dimensional data. Default: "
                    + KernelRecordings.DEFAULT_ANGLES + ".")
    Integer profileAngles;

    @Option(names = "--record-pairs", paramLabel = "I:J[,I:J...]",
            description = "At every observation, record K_t(x_I, x_J) on these pairs of training samples in "
                    + KernelRecordings.PAIRS_FILE + " (the paper's Fig. 4), beside the analytic NTK's values.")
    String recordPairs;

    @Option(names = "--spec", paramLabel = "FILE",
            description = "Read options from a YAML or JSON spec file, or from an earlier run's run.json; "
                    + "options given here override the file.")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The new run directory; it must not exist or be empty. "
                    + "Default: runs/train-DATE-TIME under the current directory.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its checkpoint, in place, with its own configuration "
                    + "(no other options but --quiet, --progress and --stacktrace).")
    Path resume;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        List<String> arguments = spec.commandLine().getParseResult().originalArgs();
        if (resume != null) {
            return resume(arguments);
        }
        RunRecorder recorder = RunRecorder.start(spec.name(), arguments);
        // the options bind to the core's configuration as a spec file does, and it validates them
        TrainingConfig config = ConfigResolver.resolve(spec, TrainingConfig.class, specFile);
        Path target = out != null ? out : RunDirectory.defaultTarget(spec.name());
        RunDirectory.checkCreatable(target);
        DataSpec dataSpec = DataSpec.parse(config.data());
        // impossible sizes are refused before anything is allocated or written, again with the exact
        // sample count and outputs once the data is loaded
        ResourceCheck.requireFits(null, ResourceCheck.training(config, dataSpec.size()));
        DataSplit split = dataSpec.load(config.seed()); // bad data is bad usage, found before anything is written
        ResourceCheck.requireFits(null, ResourceCheck.training(config, DataSize.of(split),
                Targets.outputsFor(split.train())));
        config = config.withData(dataSpec.toString());
        List<TrainingRun.Observer> recordings = recordings(config, split);

        String resumeCommand = resumeCommand(target);
        TrainResults results;
        Path finished;
        try (RunDirectory run = RunDirectory.createInPlace(target)) {
            AtomicReference<TrainSession> current = new AtomicReference<>();
            TrainingConfig started = config;
            run.keepOnExit(() -> TrainSession.recordInterrupted(current.get(), started, run.path(), recorder),
                    resumeCommand);
            try (Progress progress = common.fractionProgress("train")) {
                progress.message("analytic and initial NTK");
                TrainSession session = TrainSession.start(config, run.path(), recorder);
                for (TrainingRun.Observer recording : recordings) {
                    session.addObserver(recording instanceof KernelRecordings.Profile p ? p.into(run.path())
                            : ((KernelRecordings.Pairs) recording).into(run.path()));
                }
                current.set(session);
                results = train(session, progress, run::finish, resumeCommand);
            }
            finished = run.finish();
        }
        print(results, finished);
        return ExitCodes.OK;
    }

    /** The {@code ntklab train} arguments that give {@code config} (without --out). */
    public static List<String> arguments(TrainingConfig config) {
        List<String> arguments = new java.util.ArrayList<>();
        arguments.add("train");
        Json.MAPPER.<ObjectNode>valueToTree(config).properties().forEach(e -> {
            if (e.getValue().isBoolean()) {
                arguments.add((e.getValue().asBoolean() ? "--" : "--no-") + e.getKey());
            } else {
                arguments.add("--" + e.getKey());
                arguments.add(e.getValue().asText());
            }
        });
        return arguments;
    }

    /** The --record-profile and --record-pairs observers, checked before anything is written. */
    private List<TrainingRun.Observer> recordings(TrainingConfig core, DataSplit split) {
        if (profileAngles != null && recordProfile == null) {
            throw new InvalidInputException("--profile-angles needs --record-profile");
        }
        List<TrainingRun.Observer> observers = new java.util.ArrayList<>();
        org.ntklab.arch.Architecture architecture = core.architecture(split.train().dim(),
                Targets.outputsFor(split.train()));
        if (recordProfile != null) {
            observers.add(new KernelRecordings.Profile(split.train(), architecture, recordProfile, profileAngles));
        }
        if (recordPairs != null) {
            observers.add(new KernelRecordings.Pairs(split.train(), architecture,
                    KernelRecordings.Pairs.parse(recordPairs), core.observeKernel()));
        }
        return observers;
    }

    /** The command that resumes the run at {@code dir}, as the user named it, quoted for a shell. */
    static String resumeCommand(Path dir) {
        String word = dir.toString();
        return "ntklab train --resume " + (word.matches("[A-Za-z0-9_./:=,@%+-]+") ? word
                : "'" + Printable.escape(word).replace("'", "'\\''") + "'");
    }

    private Integer resume(List<String> arguments) {
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (!RESUME_OPTIONS.contains(option.longestName())) {
                throw new ParameterException(spec.commandLine(), "--resume continues a run with its own "
                        + "configuration; " + option.longestName() + " cannot be given with it");
            }
        }
        if (!Files.isDirectory(resume)) {
            throw new InvalidInputException("--resume " + resume + ": "
                    + (Files.exists(resume) ? "not a directory" : "no such directory"));
        }
        List<String> original = arguments;
        Path runJson = resume.resolve(RunRecord.FILE_NAME);
        boolean record = false;
        if (Files.isRegularFile(runJson)) {
            try {
                RunRecord old = RunRecord.read(runJson);
                if (!old.kind().equals(TrainSession.KIND)) {
                    throw new InvalidInputException("--resume " + resume + ": a " + old.kind()
                            + " run, not a train run");
                }
                original = old.arguments();
                record = true;
            } catch (org.ntklab.io.FileFormatException e) {
                // a damaged run.json is rewritten; the checkpoint holds the configuration
            }
        }
        String resumeCommand = resumeCommand(resume);
        TrainResults results;
        // one writer at a time: a second --resume is refused (exit code 2) instead of interleaving rows
        try (ResumedRunLock lock = ResumedRunLock.acquire(resume, "--resume " + resume,
                () -> System.err.println("ntklab: interrupted; the run so far is in " + resume + "; resume it with: "
                        + resumeCommand))) {
            RunRecorder recorder = RunRecorder.start(spec.name(), original);
            boolean checkpoint = Files.isRegularFile(resume.resolve(Checkpoint.FILE_NAME));
            // killed before its first checkpoint: run.json holds the configuration, start it again
            TrainSession session = !checkpoint && record ? TrainSession.restart(resume, recorder)
                    : TrainSession.resume(resume, recorder);
            lock.track(session);
            try (Progress progress = common.fractionProgress("train")) {
                results = train(session, progress, () -> {
                    lock.release();
                    return resume;
                }, resumeCommand);
            }
        }
        print(results, resume.toAbsolutePath().normalize());
        return ExitCodes.OK;
    }

    /**
     * Trains; a failure keeps the directory (released by {@code keep}) for --resume and goes on as an
     * exception naming it and the command that resumes it (exit code 1).
     */
    private TrainResults train(TrainSession session, Progress progress, java.util.function.Supplier<Path> keep,
                               String resumeCommand) {
        double tMaxLog = Math.log1p(session.config().tMax());
        TrainingRun.ProgressListener listener = (t, tMax, steps) -> {
            progress.update(Math.log1p(t) / tMaxLog);
            progress.message("t = " + Table.number(t) + ", step " + steps);
        };
        try {
            return session.run(listener);
        } catch (RuntimeException e) {
            Path kept;
            try {
                kept = keep.get();
            } catch (RuntimeException moveFailed) {
                kept = session.dir();
            }
            boolean checkpoint = Files.isRegularFile(kept.resolve(Checkpoint.FILE_NAME));
            throw new TrainingFailedException((e.getMessage() == null ? e.toString() : e.getMessage())
                    + "; the run so far " + (checkpoint ? "and its last good checkpoint are in " + kept
                    + " (" + resumeCommand + " continues from there)" : "is in " + kept
                    + " (no checkpoint had been written yet)"), e);
        }
    }

    private void print(TrainResults results, Path dir) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(org.ntklab.cli.run.DataLine.of(RunRecord.read(dir.resolve(RunRecord.FILE_NAME))
                .config(TrainingConfig.class).data()));
        stdout.print(TrainReport.summaryTable(Metrics.read(dir)).toText());
        stdout.println("status: " + results.status() + (results.message() == null ? "" : " (" + results.message() + ")"));
        stdout.println("run directory: " + dir);
    }

    /** Training failed after the run directory was kept; exit code 1. */
    static final class TrainingFailedException extends RuntimeException {
        TrainingFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
