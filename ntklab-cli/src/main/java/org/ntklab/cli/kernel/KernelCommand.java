package org.ntklab.cli.kernel;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.cli.common.CommonOptions;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.common.Progress;
import org.ntklab.cli.common.VersionProvider;
import org.ntklab.cli.run.ConfigResolver;
import org.ntklab.cli.run.RunDirectory;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.data.DataSize;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.io.Npy;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.kernelmap.KernelState;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricEigen;
import org.ntklab.train.ResourceCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ntklab kernel}: the analytic NTK against the empirical NTK of one network at initialisation.
 *
 * <p>The option fields are not read directly: {@link ConfigResolver} reads them through the parse
 * result, so that only options actually given override a {@code --spec} file.
 */
@Command(name = "kernel",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Compares the analytic NTK with the empirical NTK of a network at initialisation.",
            "",
            "Computes, on the training inputs of a data set, the analytic NTK Gram matrix Theta of an "
                    + "infinitely wide network and the empirical NTK Gram matrix K of one network of width m "
                    + "at initialisation, and compares them: eigenvalues (is Theta positive definite?) and the "
                    + "relative distance ||K - Theta||_F / ||Theta||_F, which shrinks like m^-1/2 as m grows.",
            "",
            "Writes a new run directory: ntk_analytic.npy, nngp_analytic.npy (the analytic NNGP covariance) "
                    + "and ntk_empirical.npy (nC x nC, row i*C + c for sample i and output c), spectrum.csv (eigenvalues, ascending), summary.csv, run.json, "
                    + "figures (PNG and SVG) and report.html.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ntklab kernel --arch fcn --depth 3 --width 2000 --data circle:n=6 \\",
            "                --seed 1 --out runs/circle",
            "  ntklab kernel --arch resnet --depth 4 --width 500 --alpha 0.5 \\",
            "                --data mnist:parity,n=50 --seed 7",
            "  ntklab kernel --spec runs/circle/run.json --width 4000 --out runs/circle-4000",
            "  ntklab kernel --arch fcn --depth 3 --width 500 --data circle:n=6 --seed 1 \\",
            "                --monte-carlo 50",
            "",
            "Spec files (YAML or JSON) hold the same options without the dashes",
            "(width: 2000); options on the command line override them.",
            "Data specs are described in docs/data.md."})
public final class KernelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--arch", paramLabel = "fcn|resnet",
            description = "Fully connected network (fcn) or ResNet (resnet).")
    String arch;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            description = "Activation of the hidden layers: ${COMPLETION-CANDIDATES}; a hidden layer is "
                    + "c_phi / sqrt(m) phi(h) with c_phi^2 E[phi(z)^2] = 1 for z ~ N(0, 1) (relu: the paper's sqrt(2/m)). "
                    + "Default: ${DEFAULT-VALUE}.",
            completionCandidates = org.ntklab.cli.common.ActivationNames.class)
    String activation;

    @Option(names = "--depth", paramLabel = "L",
            description = "Hidden layers of the fcn, residual blocks of the resnet.")
    Integer depth;

    @Option(names = "--width", paramLabel = "m", description = "Width of every hidden layer.")
    Integer width;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "1.0",
            description = "Residual branch scaling of the resnet (ignored by fcn). Default: ${DEFAULT-VALUE}.")
    Double alpha;

    @Option(names = "--outputs", paramLabel = "C", defaultValue = "1",
            description = "Network outputs; the analytic Gram matrix is then Theta (x) I_C. Default: ${DEFAULT-VALUE}.")
    Integer outputs;

    @Option(names = "--data", paramLabel = "SPEC",
            description = "Data set, e.g. circle:n=6, sphere:d=10,n=64, mnist:parity,n=100, csv:points.csv. "
                    + "Its training inputs are used; relative paths are relative to the current directory.")
    String data;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the data set and of the network's initial parameters.")
    Long seed;

    @Option(names = "--monte-carlo", paramLabel = "N", defaultValue = "0",
            description = "Also the mean empirical NTK of N networks (seeds S, S+1, ..., S+N-1) and its standard "
                    + "error: ntk_empirical_mean.npy, ntk_empirical_sem.npy, and in monte-carlo.csv the distance "
                    + "of the mean to the analytic NTK with a 95%% jackknife interval. Default: 0 (off).")
    Integer monteCarlo;

    @Option(names = "--spec", paramLabel = "FILE",
            description = "Read options from a YAML or JSON spec file, or from an earlier run's run.json "
                    + "to repeat it; options given here override the file.")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The new run directory; it must not exist or be empty. "
                    + "Default: runs/kernel-DATE-TIME under the current directory.")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        RunRecorder recorder = RunRecorder.start(spec.name(), spec.commandLine().getParseResult().originalArgs());
        KernelConfig config = ConfigResolver.resolve(spec, KernelConfig.class, specFile);
        Path target = out != null ? out : RunDirectory.defaultTarget(spec.name());
        RunDirectory.checkCreatable(target);

        DataSpec dataSpec = DataSpec.parse(config.data());
        // impossible sizes are refused before anything is allocated, and again with the loaded data's
        ResourceCheck.requireFits(null, need(config, dataSpec.size()));
        Dataset train = dataSpec.load(config.seed()).train();
        ResourceCheck.requireFits(null, need(config, new DataSize(train.n(), 0, train.dim(), 0)));
        config = config.withData(dataSpec.toString());
        Architecture architecture = config.architecture(train.dim());

        Work work = Work.estimate(train.n(), train.dim(), config);
        KernelSummary summary;
        String monteCarloLine = null;
        Path finished;
        try (Progress progress = common.fractionProgress("kernel");
             RunDirectory run = RunDirectory.create(target)) {
            progress.message("analytic NTK, " + train.n() + " inputs");
            KernelState analytic = AnalyticKernels.evaluate(architecture, train.x(), train.x());
            Matrix theta = AnalyticKernels.withOutputs(analytic.theta(), config.outputs());
            Matrix nngp = AnalyticKernels.withOutputs(analytic.sigma(), config.outputs());
            progress.update(work.afterAnalytic());
            progress.message("empirical NTK, width " + config.width());
            Matrix k = EmpiricalNtk.gram(Network.initialize(architecture, config.seed()), train.x());
            MonteCarlo monteCarlo = null;
            if (config.monteCarlo() > 0) {
                int networks = config.monteCarlo();
                String stage = "empirical NTK, width " + config.width() + ", network ";
                monteCarlo = MonteCarlo.run(architecture, train.x(), config.seed(), networks, theta, k, done -> {
                    progress.message(stage + done + " of " + networks);
                    progress.update(work.afterAnalytic() + (work.afterEmpirical() - work.afterAnalytic()) * done / networks);
                });
            }
            progress.update(work.afterEmpirical());
            progress.message("eigenvalues");
            KernelResult result = new KernelResult(theta, k,
                    SymmetricEigen.eigenvalues(theta), SymmetricEigen.eigenvalues(k));
            progress.update(work.afterEigenvalues());

            progress.message("writing files and report");
            result.writeTo(run.path());
            Npy.write(run.resolve(KernelResult.NNGP_FILE), nngp);
            if (monteCarlo != null) {
                monteCarlo.writeTo(run.path());
            }
            summary = result.summary(train.dim(), config.outputs());
            summary.writeCsv(run.resolve(KernelSummary.FILE), config);
            RunRecord record = recorder.finish(config, config.seed(), summary);
            monteCarloLine = monteCarlo == null ? null : monteCarlo.describe();
            record.writeTo(run.path());
            new KernelReport().render(run.path(), record);
            finished = run.finish();
            progress.update(1.0);
        }

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(org.ntklab.cli.run.DataLine.of(config.data()));
        stdout.print(summary.table().toText());
        if (monteCarloLine != null) {
            stdout.println(monteCarloLine);
        }
        stdout.println("run directory: " + finished);
        return ExitCodes.OK;
    }

    private static ResourceCheck.Need need(KernelConfig config, DataSize size) {
        double n = Double.isNaN(size.trainSamples()) ? 0 : size.trainSamples();
        double dim = Double.isNaN(size.dim()) ? 1 : size.dim();
        double load = Double.isNaN(size.loadBytes()) ? 0 : size.loadBytes();
        return ResourceCheck.network(config.arch(), config.depth(), config.width(), dim, config.outputs(), n,
                Double.isNaN(size.testSamples()) ? 0 : size.testSamples(), true, load);
    }

    /**
     * The fraction of the work done after each stage, from rough operation counts, so that the
     * progress bar's estimate of the time left means something: the empirical NTK (forward and
     * backward through m x m layers) and the eigenvalues (cubic in nC) dominate large problems,
     * drawing the report small ones.
     */
    record Work(double afterAnalytic, double afterEmpirical, double afterEigenvalues) {
        static Work estimate(int n, int d, KernelConfig config) {
            double rows = (double) n * config.outputs();
            double m = config.width();
            double layers = config.depth() + 1;
            double analytic = 40.0 * n * n * layers + rows * rows;
            double empirical = (6 * rows * m * m * layers + 2 * rows * rows * m * layers + 2.0 * n * d * m)
                    * Math.max(1, config.monteCarlo());
            double eigenvalues = 3 * rows * rows * rows;
            double output = 5e8 + 100 * rows * rows;
            double total = analytic + empirical + eigenvalues + output;
            return new Work(analytic / total, (analytic + empirical) / total,
                    (analytic + empirical + eigenvalues) / total);
        }
    }
}
