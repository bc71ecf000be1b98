package org.ntklab.cli.reproduce;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ntklab.cli.common.CommonOptions;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.common.Progress;
import org.ntklab.cli.common.VersionProvider;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.RunDirectory;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.data.DataSpec;
import org.ntklab.io.InvalidInputException;
import org.ntklab.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ntklab reproduce synthetic|mnist|all|paper|scaling}: the paper's experiments and evidence, its
 * figures at its own settings, and the width law, with verdicts.
 */
@Command(name = "reproduce",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Reproduces the paper's experiments and checks its claims against the measurements.",
            "",
            "synthetic: the six circle points: positive definiteness of the analytic NTK against depth and against "
                    + "the distance of two inputs, the paper's Fig. 1 to 3, and width sweeps of FCNs and ResNets "
                    + "trained to t = 1e30 under cross-entropy and squared loss next to the NTK kernel machine "
                    + "(" + ReferenceTimes.SYNTHETIC + "), and the study 'Does divergence need ReLU?' "
                    + "(erf, gelu, tanh and leaky-relu:0.1 beside relu at widths 64, 256, 1024 and seeds 1 to 3, to "
                    + "t = 1e30 or D_inf >= 2; " + ReferenceTimes.ACTIVATION_STUDY + "). mnist: the same on MNIST "
                    + "parity, with the paper's Fig. 4 (" + ReferenceTimes.MNIST + "). all: both. paper: the paper's "
                    + "Fig. 1 to 4 at its own settings (m = 2000 "
                    + "and rate 0.1 for 10,000 steps on the six points, m = 500 and rate 0.5 for 100,000 steps on "
                    + "MNIST parity) by gradient descent, each beside the flow run of the same network ("
                    + ReferenceTimes.PAPER + "; --quick " + ReferenceTimes.PAPER_QUICK + "; --seeds repeats "
                    + "Fig. 1 for its table). scaling: the width law of the divergence under cross-entropy "
                    + "(time to reach each level of D_inf against the width, over three decades of width, five "
                    + "seeds, competing laws with bootstrap intervals; " + ReferenceTimes.SCALING + ", --quick "
                    + ReferenceTimes.SCALING_QUICK + "; --from DIR analyses a finished sweep of sweeps/scaling.yaml).",
            "",
            "Writes one run directory: a sub-run directory per training run under runs/ (each an ordinary "
                    + "'ntklab train' run), the tables the verdicts are computed from (width-sweep.csv, verdicts.csv, "
                    + "lambda-*.csv, kernel-profile-init.csv, activation-study.csv), figures (PNG and SVG), run.json and report.html, "
                    + "which states every claim next to its evidence and verdict (held / did not hold). Prints the "
                    + "verdict table.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ntklab reproduce synthetic --out runs/synthetic",
            "  ntklab reproduce synthetic --quick",
            "  ntklab reproduce mnist --widths 64,256 --seeds 1,2,3",
            "  ntklab reproduce paper --seeds 1,2,3,4,5",
            "  ntklab reproduce scaling --quick",
            "  ntklab reproduce scaling --from runs/sweep-scaling",
            "  ntklab reproduce --resume runs/scaling"})
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT",
            description = "synthetic, mnist, all, paper or scaling (not with --resume, which continues the recorded one).")
    String experiment;

    @Option(names = "--quick", description = "Tiny widths and short horizons: checks the pipeline in "
            + ReferenceTimes.QUICK + "; the numbers are not evidence.")
    boolean quick;

    @Option(names = "--seeds", split = ",", paramLabel = "S[,S...]",
            description = "Seeds of the width sweeps (the single-network figures use the first). Default: 1,2 "
                    + "(--quick: 1). paper: the seeds of the Fig. 1 gradient-descent runs (the first also draws "
                    + "Fig. 3 and 4); default 1.")
    List<Long> seeds;

    @Option(names = "--widths", split = ",", paramLabel = "m[,m...]",
            description = "Widths of every width sweep. Default: synthetic FCN 32,128,512, ResNet 32,64,128,256; "
                    + "MNIST FCN 64,256, ResNet 32,128; --quick 16,64.")
    List<Integer> widths;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "0",
            description = "Training runs in parallel; 0 (the default) means one per processor when the "
                    + "environment has OPENBLAS_NUM_THREADS=1 (the ./ntklab launcher sets it for reproduce), else "
                    + "one. The results do not depend on it.")
    int jobs;

    @Option(names = "--from", paramLabel = "DIR",
            description = "scaling only: analyse the train runs under DIR (a finished sweep of sweeps/scaling.yaml, "
                    + "or an earlier reproduce scaling run) instead of running them.")
    Path from;

    @Option(names = "--parts", split = ",", paramLabel = "P[,P...]",
            description = "scaling only: which architectures to run: fcn1, fcn2, resnet2 (default: all).")
    List<String> parts;

    @Option(names = "--max-width", paramLabel = "M", defaultValue = "2147483647",
            description = "scaling only: run only the widths up to M (a partial grid, e.g. to split the work).")
    int maxWidth;

    @Option(names = "--min-width", paramLabel = "M", defaultValue = "1",
            description = "scaling only: run only the widths from M up.")
    int minWidth;

    @Option(names = "--checkpoint-seconds", paramLabel = "S",
            description = "scaling only: wall time between the checkpoints of each training run (default 30); a "
                    + "killed reproduction loses at most this much of each run in flight.")
    Double checkpointSeconds;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The new run directory; it must not exist or be empty. It is written in place from the "
                    + "start: killed or stopped by an error, it keeps its finished training runs and the "
                    + "checkpoints of the others for --resume. Default: runs/reproduce-DATE-TIME under the current "
                    + "directory.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the reproduction in DIR that was killed or stopped by an error, with the "
                    + "experiment and options it recorded (only --jobs, -q, --progress and --stacktrace may be given): "
                    + "finished training runs are kept, unfinished ones continue from their checkpoints, the rest "
                    + "run; then the analysis and report as usual.")
    Path resume;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        List<String> arguments = spec.commandLine().getParseResult().originalArgs();
        if (resume != null) {
            arguments = takeRecordedOptions(resume);
        } else if (experiment == null) {
            throw new InvalidInputException("missing EXPERIMENT: synthetic, mnist, all, paper or scaling (or --resume DIR)");
        }
        RunRecorder recorder = RunRecorder.start(spec.name(), arguments);
        if (jobs < 0) {
            throw new InvalidInputException("--jobs must be at least 1, got " + jobs);
        }
        if ("scaling".equalsIgnoreCase(experiment)) {
            if (widths != null) {
                throw new InvalidInputException("--widths does not apply to scaling (its widths are fixed "
                        + "decades; use --parts and --quick)");
            }
            Path target = target();
            try (Progress progress = common.fractionProgress("reproduce scaling")) {
                return ScalingReproduction.run(recorder, quick, seeds, parts, minWidth, maxWidth, from,
                        checkpointSeconds, workers(),
                        target, resume != null, progress, spec.commandLine().getOut());
            }
        }
        if (from != null || parts != null || checkpointSeconds != null) {
            throw new InvalidInputException("--from, --parts and --checkpoint-seconds apply to reproduce scaling only");
        }
        if (PaperPlan.EXPERIMENT.equalsIgnoreCase(experiment)) {
            if (widths != null) {
                throw new InvalidInputException("--widths does not apply to reproduce paper (its widths are the "
                        + "paper's; --quick runs small ones)");
            }
            Path target = target();
            try (Progress progress = common.fractionProgress("reproduce paper")) {
                return PaperReproduction.run(recorder, quick, seeds, workers(), target, resume != null, progress,
                        spec.commandLine().getOut());
            }
        }
        ReproduceConfig config = ReproduceConfig.of(experiment, quick, seeds, widths);
        int workers = workers();
        if (workers > 1 && !Scheduler.parallelSafe()) {
            spec.commandLine().getErr().println("ntklab reproduce: note: OPENBLAS_NUM_THREADS is not 1, so " + workers
                    + " parallel runs will contend for OpenBLAS's threads and may run slower than one "
                    + "(the ./ntklab launcher sets it)");
        }
        Plan plan = Plan.of(config);
        Path target = target();
        if (config.mnist()) {
            DataSpec.parse(plan.fig4.data()).load(plan.seed); // the digits are there, before anything is written
        }
        List<Task> tasks = tasks(plan);
        Reproduction.requireFits(tasks); // --widths 1000000000 is refused at once

        Analysis analysis;
        Path finished;
        Map<String, Double> seconds;
        Map<String, Double> stopped;
        try (ReproductionDirectory run = ReproductionDirectory.open(target, resume != null, recorder, config, plan.seed);
             Progress progress = common.fractionProgress("reproduce " + config.experiment())) {
            try {
                seconds = Scheduler.runAll(tasks, workers, run.path(), progress);
                progress.message("verdicts, figures and report");
                analysis = Analysis.of(run.path(), plan);
                stopped = analysis.stoppedRuns();
                Map<String, Object> results = Reproduction.results(analysis.verdicts(),
                        Verdict.held(analysis.verdicts()));
                results.put("task-wall-seconds", seconds);
                results.put("jobs", workers);
                results.put("stopped-runs", stopped);
                run.addLegs(results);
                if (analysis.activationStudy() != null) {
                    results.put("activation-study", analysis.activationStudy().verdicts());
                }
                RunRecord record = recorder.finish(config, plan.seed, results);
                record.writeTo(run.path());
                new ReproduceReport().render(run.path(), record, analysis);
            } catch (Exception e) {
                run.failed(e);
                throw e;
            }
            finished = run.finish();
            progress.update(1.0);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(analysis.table().toText());
        if (!stopped.isEmpty()) {
            stdout.println(ReproduceReport.stoppedWarning(stopped));
        }
        Reproduction.printHeld(stdout, Verdict.held(analysis.verdicts()), analysis.verdicts().size(), config.quick());
        ActivationStudy study = analysis.activationStudy();
        if (study != null) {
            stdout.println();
            stdout.println("Does divergence need ReLU? (" + ActivationStudy.FILE + ")");
            stdout.print(study.table().toText());
            Table verdicts = new Table("claim", "evidence", "verdict");
            for (Verdict v : study.verdicts()) {
                verdicts.row(v.title(), v.evidence(), v.verdict());
            }
            stdout.print(verdicts.toText());
            stdout.println(study.answer());
        }
        Reproduction.printWhere(stdout, finished);
        return ExitCodes.OK;
    }

    /**
     * --resume DIR: checks that DIR holds an unfinished reproduction and takes the experiment and
     * options it recorded (keeping this command's --jobs when given); returns the recorded arguments,
     * which the continued run records again.
     */
    private List<String> takeRecordedOptions(Path dir) {
        if (experiment != null || quick || seeds != null || widths != null || from != null || parts != null
                || checkpointSeconds != null || minWidth != 1 || maxWidth != Integer.MAX_VALUE || out != null) {
            throw new InvalidInputException("--resume continues the experiment with the options " + dir
                    + " recorded; give only --resume DIR (and --jobs, -q, --progress, --stacktrace)");
        }
        RunRecord record = ReproductionDirectory.unfinished(dir);
        List<String> recorded = record.arguments();
        List<String> options = recorded.isEmpty() || !recorded.get(0).equals(spec.name())
                ? recorded : recorded.subList(1, recorded.size());
        ReproduceCommand original = new ReproduceCommand();
        try {
            new picocli.CommandLine(original).setCaseInsensitiveEnumValuesAllowed(true)
                    .setOverwrittenOptionsAllowed(true).parseArgs(options.toArray(String[]::new));
        } catch (picocli.CommandLine.ParameterException e) {
            throw new InvalidInputException("--resume " + dir + ": the recorded arguments " + recorded
                    + " are not those of this version of ntklab reproduce: " + e.getMessage(), e);
        }
        experiment = original.experiment;
        quick = original.quick;
        seeds = original.seeds;
        widths = original.widths;
        // a relative --from was relative to where the reproduction was started
        from = original.from == null || original.from.isAbsolute() || record.workingDirectory() == null
                ? original.from : Path.of(record.workingDirectory()).resolve(original.from);
        parts = original.parts;
        minWidth = original.minWidth;
        maxWidth = original.maxWidth;
        checkpointSeconds = original.checkpointSeconds;
        if (jobs == 0) {
            jobs = original.jobs;
        }
        out = dir;
        return recorded;
    }

    /** The run directory to create (--out, or a new one under runs/), checked before anything runs. */
    private Path target() {
        if (resume != null) {
            return resume; // checked by ReproductionDirectory.unfinished
        }
        Path target = out != null ? out : RunDirectory.defaultTarget(spec.name());
        RunDirectory.checkCreatable(target);
        return target;
    }

    /** --jobs, or the default for this environment. */
    private int workers() {
        return jobs == 0 ? Scheduler.defaultJobs() : jobs;
    }

    /** The plan as tasks; costs are rough CPU seconds on the reference machine. */
    static List<Task> tasks(Plan plan) {
        List<Task> tasks = new ArrayList<>();
        ReproduceConfig config = plan.config;
        if (config.synthetic()) {
            tasks.add(AnalyticTasks.depth("circle", Plan.CIRCLE, plan.depths, plan.seed, 0.5));
            tasks.add(AnalyticTasks.distance(plan.distanceDepth, plan.distances, plan.seed));
            tasks.add(AnalyticTasks.initProfile(plan.profileDepth, plan.profileWidths, plan.angles, plan.seed));
            tasks.add(new TrainTask(plan.fig1RunName(), plan.fig1, cost(plan.fig1, 6), plan.fig1Times, plan.angles,
                    null));
        }
        if (config.mnist()) {
            tasks.add(AnalyticTasks.depth("mnist", plan.mnistAnalyticData, plan.depths, plan.seed, 2));
            tasks.add(new TrainTask(plan.fig4RunName(), plan.fig4, cost(plan.fig4, 2 * plan.pairs[1][1]), null, 0,
                    plan.pairs));
        }
        Plan.Sweep profileSweep = plan.profileSweep();
        for (Plan.Sweep sweep : plan.sweeps) {
            int n = sweep.mnist() ? samples(sweep.base().data()) : 6;
            for (String loss : List.of("ce", "mse")) {
                for (int width : sweep.widths()) {
                    for (long seed : sweep.seeds()) {
                        TrainingConfig c = sweep.config(loss, width, seed);
                        boolean profile = sweep == profileSweep && loss.equals("ce") && width == sweep.profileWidth()
                                && seed == plan.seed;
                        tasks.add(profile
                                ? new TrainTask(sweep.runName(loss, width, seed), c, cost(c, n), plan.longProfileTimes,
                                plan.angles, null)
                                : TrainTask.plain(sweep.runName(loss, width, seed), c, cost(c, n)));
                    }
                }
            }
        }
        if (plan.activationStudy != null) {
            ActivationStudy.Design study = plan.activationStudy;
            for (String activation : study.activations()) {
                for (String loss : List.of("ce", "mse")) {
                    for (int width : study.widths()) {
                        for (long seed : study.seeds()) {
                            TrainingConfig c = study.config(activation, loss, width, seed);
                            // a smooth activation costs a little more per entry than the ReLU's fused pass
                            tasks.add(TrainTask.plain(study.runName(activation, loss, width, seed), c,
                                    cost(c, 6) * (activation.equals("relu") ? 1 : 1.5)));
                        }
                    }
                }
            }
        }
        return tasks;
    }

    private static int samples(String data) {
        return DataSpec.parse(data).load(1).train().n();
    }

    /**
     * A rough cost: (parameters + overhead) x samples x steps, with steps growing like log t (a few
     * thousand to t = 1e30 under cross-entropy, far fewer under squared loss, which converges and skips).
     */
    static double cost(TrainingConfig c, int n) {
        double m = c.width();
        double big = c.arch().equals("fcn") ? (c.depth() - 1) * m * m : 2 * c.depth() * m * m;
        double decades = Math.log10(1 + c.tMax()) + 2;
        double steps = (c.loss().equals("ce") ? 150 : 40) * decades;
        return 1 + steps * (2e-4 + 6e-9 * big * Math.max(1, n / 6.0)) * 3;
    }
}
