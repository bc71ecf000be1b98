package org.ntklab.cli.reproduce;

import static org.ntklab.metrics.Fit.ACCURACY;
import static org.ntklab.metrics.Fit.TEST_ACCURACY;
import static org.ntklab.metrics.KernelDistance.D_INF;
import static org.ntklab.metrics.KernelMachineAgreement.KERNEL_GAP;
import static org.ntklab.metrics.KernelMachineAgreement.KM_TEST_ACCURACY;
import static org.ntklab.metrics.KernelSpectrum.LAMBDA_MIN;
import static org.ntklab.metrics.OutputSize.MAX_ABS_F;
import static org.ntklab.metrics.ParameterMotion.THETA_DIST;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ntklab.cli.report.Chart;
import org.ntklab.cli.report.HtmlReport;
import org.ntklab.cli.report.ReportRenderer;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.io.InvalidInputException;
import org.ntklab.cli.train.Metrics;
import org.ntklab.cli.train.Outputs;
import org.ntklab.cli.train.TrainClaims;
import org.ntklab.cli.train.TrainSummary;
import org.ntklab.train.TrainingConfig;

/**
 * Figures and report of a reproduce run, from the files in its directory and run.json: the claims
 * of docs/paper.md with the measured evidence and verdicts, the paper's figures, and the figures of
 * "What this project must show".
 */
public final class ReproduceReport implements ReportRenderer {
    public static final String KIND = "reproduce";
    /** Dash patterns of the analytic lines of Fig. 4, one per pair. */
    static final float[][] THETA_DASHES = {{12f, 4f}, {2f, 3f, 8f, 3f}, {1f, 6f}};

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Path render(Path dir, RunRecord record) {
        String status = record.results().path("status").asText("");
        if (ReproductionDirectory.UNFINISHED.contains(status)) {
            throw new InvalidInputException(dir + " is an unfinished reproduction (status " + status + "); "
                    + ReproductionDirectory.resumeCommand(dir) + " continues it and writes the report");
        }
        if (ScalingPlan.EXPERIMENT.equals(record.config().path("experiment").asText())) {
            return ScalingReproduction.render(dir, record);
        }
        if (PaperPlan.EXPERIMENT.equals(record.config().path("experiment").asText())) {
            return PaperReport.render(dir, record);
        }
        return render(dir, record, Analysis.of(dir, Plan.of(record.config(ReproduceConfig.class))));
    }

    /** As {@link #render(Path, RunRecord)}, with the analysis of {@code dir} already computed. */
    public Path render(Path dir, RunRecord record, Analysis analysis) {
        ReproduceConfig config = record.config(ReproduceConfig.class);
        Plan plan = Plan.of(config);
        analysis.writeTables();

        HtmlReport report = new HtmlReport("Divergence of the empirical NTK in classification: reproduction ("
                + config.experiment() + (config.quick() ? ", quick" : "") + ")");
        report.paragraph("Reproduces the experiments of Yu, Tian and Chen, Divergence of Neural Tangent Kernel in "
                + "Classification Problems (ICLR 2025), and checks the claims listed in docs/paper.md (section 5, 'What ntklab "
                + "checks'). Every verdict below is computed from the CSV files of this run directory (width-sweep.csv, "
                + "the lambda-*.csv and kernel-profile*.csv tables and each sub-run's metrics.csv under runs/); "
                + "verdicts.csv holds the table.");
        java.util.Set<String> data = new java.util.LinkedHashSet<>();
        if (config.synthetic()) {
            data.add(plan.fig1.data());
        }
        if (config.mnist()) {
            data.add(plan.fig4.data());
        }
        plan.sweeps.forEach(s -> data.add(s.base().data()));
        for (String d : data) {
            report.paragraph(org.ntklab.cli.run.DataLine.of(d));
        }
        if (config.quick()) {
            report.paragraph("QUICK MODE: tiny widths and short horizons, to check the pipeline in " + ReferenceTimes.QUICK
                    + ". "
                    + "These numbers are not evidence for or against the paper; run without --quick for that.");
        }
        report.section("Verdicts");
        Map<String, Double> stopped = analysis.stoppedRuns();
        if (!stopped.isEmpty()) {
            report.paragraph(stoppedWarning(stopped));
        }
        report.claims(analysis.verdicts().stream().map(Verdict::claimRow).toList());
        report.section("How the experiments were run");
        for (String note : notes(plan)) {
            report.paragraph(note);
        }

        if (config.synthetic()) {
            synthetic(report, dir, plan);
        }
        if (config.mnist()) {
            mnist(report, dir, plan);
        }
        for (Plan.Sweep sweep : plan.sweeps) {
            sweepSection(report, dir, plan, sweep, analysis.rows(sweep.id()));
        }
        if (analysis.activationStudy() != null) {
            analysis.activationStudy().section(report, dir);
        }
        report.section("All width-sweep runs").table(sweepTable(analysis.rows()));
        report.section("Sub-runs").paragraph("Each sub-run under runs/ is an ordinary ntklab train run directory "
                + "(metrics.csv, outputs.csv, checkpoint.bin, .npy Gram matrices, run.json, report.html); "
                + "'ntklab train --spec runs/NAME/run.json --out DIR' repeats one.").table(subRunTable(dir));
        return report.runSection(record).write(dir.resolve(REPORT_FILE));
    }

    /** The warning printed and shown when sub-runs stopped early; their verdict rows use what they reached. */
    public static String stoppedWarning(Map<String, Double> stopped) {
        StringBuilder s = new StringBuilder("WARNING: " + stopped.size() + " training run(s) used up their step budget ("
                + Plan.MAX_STEPS + " steps) before t-max, where the flow integrator crawled (a stall on a ReLU kink); "
                + "their rows below use the metrics up to the time they reached:");
        stopped.forEach((run, t) -> s.append(" ").append(run).append(" (t = ").append(Table.number(t)).append(")"));
        return s.append(".").toString();
    }

    static List<String> notes(Plan plan) {
        List<String> notes = new ArrayList<>();
        notes.add("Training is time-rescaled gradient flow (ntklab train --integrator flow): explicit Heun steps whose "
                + "length grows as the gradient shrinks, so that flow times like 1e30 are reached; flow time t "
                + "corresponds to (epochs x learning rate) of full-batch gradient descent. Every run uses the "
                + "integrator's defaults: where the error test fails at ReLU kinks, a step of 1% of t is accepted "
                + "(--min-log-step), which bounds the steps to about 100 per e-fold of t. "
                + "Every run has a budget of " + Plan.MAX_STEPS + " steps, about "
                + Plan.MAX_STEPS / ReferenceTimes.MOST_STEPS_NEEDED + " times what any of them needs ("
                + ReferenceTimes.MOST_STEPS_NEEDED + " steps in a full reproduction), so "
                + "that a run on which the integrator crawled (a safeguard) would stop instead of holding up "
                + "the reproduction; such runs are listed above the verdicts.");
        if (plan.config.synthetic()) {
            notes.add("Synthetic data: the paper's six points x_i = (cos(i pi/3), sin(i pi/3)), labels 0, 1, 0, 1, 0, 1 "
                    + "(" + Plan.CIRCLE + "), cross-entropy summed over the samples as in the paper's eq. 2.3. "
                    + "Fig. 1 and 3 use an FCN with L = " + plan.fig1.depth() + " hidden layers of width m = "
                    + plan.fig1.width() + " trained to t = " + Table.number(plan.fig1.tMax()) + " (the paper: m = 2000, "
                    + "learning rate 0.1 for 10,000 epochs, i.e. t = 1000)"
                    + (plan.fig1.width() < 2000 ? "; m = " + plan.fig1.width() + " instead of 2000 to fit the time budget "
                    + "(a step costs about m^2: m = 2000 takes " + ReferenceTimes.FIG1_AT_M2000 + " alone on 2 cores, "
                    + "m = 1000 " + ReferenceTimes.FIG1_AT_M1000 + ")" : "")
                    + ". Fig. 2 uses the paper's widths " + plan.profileWidths + " at initialisation.");
        }
        if (plan.config.mnist()) {
            notes.add("MNIST: parity (odd against even digits), inputs scaled to unit norm, from the digits bundled with "
                    + "ntklab or the full 10,000 when scripts/fetch-mnist.sh has been run. Fig. 4: FCN with L = "
                    + plan.fig4.depth() + " hidden layers (the paper's 'four-layer' network: three hidden layers and "
                    + "the output layer), m = " + plan.fig4.width() + ", " + plan.fig4.data() + ", cross-entropy with "
                    + "the MEAN over the samples, trained to t = " + Table.number(plan.fig4.tMax()) + ". Mean, because "
                    + "the paper's learning rate 0.5 is only stable with a mean (PyTorch's default) for this many samples "
                    + "(with a sum the stable rate shrinks like 1/n), and then t = epochs x 0.5, so t = "
                    + Table.number(plan.fig4.tMax()) + " is the paper's 100,000 epochs. Under gradient flow the choice "
                    + "only rescales time: the sum's flow at time t is the mean's at time n t. The three pairs are "
                    + "(0, 1): two even digits, (0, " + plan.pairs[1][1] + "): an even and an odd one, ("
                    + plan.pairs[2][0] + ", " + plan.pairs[2][1] + "): two odd digits.");
        }
        StringBuilder sweeps = new StringBuilder("Width sweeps: every width and seed is trained under cross-entropy "
                + "(ce) and under squared loss (mse), with the NTK kernel machine (kernel logistic regression, "
                + "respectively kernel regression, with the analytic NTK) integrated beside it:");
        for (Plan.Sweep s : plan.sweeps) {
            sweeps.append(" ").append(s.title()).append(": widths ").append(s.widths()).append(", seeds ")
                    .append(s.seeds()).append(", ").append(s.base().data()).append(", ").append(s.base().reduction())
                    .append(" reduction, to t = ").append(Table.number(s.base().tMax())).append(";");
        }
        notes.add(sweeps.toString().replaceAll(";$", "."));
        notes.add("Thresholds of the verdicts, and why: growth 'like log t' means a slope of max|f| against ln t above "
                + TrainClaims.LOG_GROWTH_SLOPE + " over the late window (t from sqrt(t_max) to t_max; well away from 0, "
                + "no growth, and below the slope 1 of the asymptotic law ln t, which a finite window need not reach; "
                + "for Fig. 1 also per point, with a straight line in ln t fitting better than one in t, which rules out "
                + "linear and power-law growth); lambda_min(K_t) is 'bounded below' when its minimum over the run is at "
                + "least " + TrainClaims.LAMBDA_FLOOR + " lambda_min(K_0) (a tenfold drop would suggest it heads for 0; "
                + "Theorem 1 needs a positive constant); D_inf 'grows' when D_inf(t_max) >= "
                + Table.number(TrainClaims.DIVERGENCE_FACTOR) + " D_inf(0) (far beyond the O(m^-1/2) finite-width "
                + "error it starts with) and is 'flat' when sup_t D_inf <= " + Table.number(TrainClaims.LAZY_FACTOR)
                + " D_inf(0) (room for that error to fluctuate, not to grow); sup_t D_inf 'shrinks with width' when its "
                + "fitted log-log slope against m is below " + Analysis.SHRINK_SLOPE + " (half the theory's -0.5 for "
                + "squared loss: room for the noise of a few widths, while no shrinking, slope 0, fails); under "
                + "cross-entropy sup_t D_inf is 'bounded below' when it is at least " + Table.number(Analysis.CE_SUP_FLOOR)
                + " at every width (the kernel moved by more than Theta's own size); the network 'leaves' the kernel "
                + "machine when the gap still grows over the late window, reaches at least "
                + Table.number(Analysis.CE_GAP_FLOOR) + " (the scale of the targets 0 and 1) and at least "
                + Table.number(Analysis.CE_OVER_MSE_GAP) + " times the squared-loss gap at the same width (an order of "
                + "magnitude), and 'tracks' it when sup_t of the gap relative to the initial RMS residual shrinks with "
                + "the width (slope below " + Analysis.SHRINK_SLOPE + ") and is below "
                + Table.number(TrainClaims.GAP_TRACKING) + " at the largest width (a tenth of what there was to fit); "
                + "Fig. 2 and 3: the profile error falls with m like a slope below " + Analysis.PROFILE_SLOPE
                + " and the profile 'moves' by more than " + Table.number(Analysis.PROFILE_MOVE) + " times its initial "
                + "distance to Theta (twice the finite-width noise); Fig. 4: the values 'do not settle' when they still "
                + "change by m^-1/2 over the last decade of t (the size of the whole finite-width fluctuation of K_0); "
                + "Theorem 2: the bound lambda_0 / (2 n^2) is so small that K_0's noise crosses it, so the deviation at "
                + "t_max must also be " + Table.number(Analysis.PROFILE_MOVE) + " times that at t = 0; the divergence "
                + "time t*(m) is the first observation time with D_inf > " + TrainSummary.DIVERGENCE_THRESHOLD + " (half of "
                + "Theta's size, far above the initial error at these widths). Time curves show the first seed; the "
                + "width plots average over seeds.");
        return notes;
    }

    // ---- synthetic: item 1 and the paper's Fig. 1 to 3 ----

    private static void synthetic(HtmlReport report, Path dir, Plan plan) {
        report.section("Item 1: the analytic NTK is strictly positive definite");
        report.figure(lambdaDepth(dir, "circle", "six circle points").write(dir.resolve("lambda-depth-circle")),
                "lambda_min and lambda_max of the analytic NTK Gram matrix on the six circle points against depth, "
                        + "FCN and ResNet (alpha = 1).");
        report.figure(lambdaDistance(dir).write(dir.resolve("lambda-distance")),
                "lambda_min of the analytic NTK Gram matrix (L = " + plan.distanceDepth + ") on the six circle points "
                        + "with the second point moved to distance DIST from the first (circle:n=6,near=DIST).");

        Path fig1Run = TrainTask.dir(dir, plan.fig1RunName());
        report.section("Paper Fig. 1: outputs at the six training points");
        report.figure(fig1(fig1Run, plan).write(dir.resolve("fig1-outputs")),
                "f_t(x_i) at the six circle points over training (solid; FCN L = " + plan.fig1.depth() + ", m = "
                        + plan.fig1.width() + ", cross-entropy, sum) and the NTK kernel machine's u_t(x_i) (dashed, "
                        + "same colour). Linear time axis, like the paper's epochs (t = epochs x 0.1).");

        report.section("Paper Fig. 2: the kernel at initialisation converges to the NTK");
        report.figure(profileChart("Fig. 2: K_0(x0, x') at initialisation, x0 = (1, 0)",
                        CsvFile.read(dir.resolve(AnalyticTasks.INIT_PROFILE_FILE))).write(dir.resolve("fig2-kernel-init")),
                "K_0(x0, x') for x' = (cos phi, sin phi), FCN L = " + plan.profileDepth + " at widths "
                        + plan.profileWidths + " (one network each, seed " + plan.seed + "), and the analytic NTK.");

        report.section("Paper Fig. 3: the kernel moves during training");
        report.figure(profileChart("Fig. 3: K_t(x0, x') during training (m = " + plan.fig1.width() + ")",
                        CsvFile.read(fig1Run.resolve(TrainTask.PROFILE_FILE))).logY()
                        .write(dir.resolve("fig3-kernel-training")),
                "The same profile for the network of Fig. 1 at times " + plan.fig1Times + ", and the analytic NTK "
                        + "(log axis, so that the initial profile and Theta stay visible beside the trained ones).");
        Plan.Sweep longSweep = plan.profileSweep();
        if (longSweep != null) {
            Path run = TrainTask.dir(dir, longSweep.runName("ce", longSweep.profileWidth(), plan.seed));
            report.figure(profileChart("K_t(x0, x') to t = " + Table.number(longSweep.base().tMax()) + " (FCN L = "
                                    + longSweep.base().depth() + ", m = " + longSweep.profileWidth() + ")",
                            CsvFile.read(run.resolve(TrainTask.PROFILE_FILE))).logY()
                            .write(dir.resolve("fig3-kernel-long")),
                    "Beyond the paper's horizon: the profile of the FCN L = " + longSweep.base().depth() + ", m = "
                            + longSweep.profileWidth() + " cross-entropy run of the width sweep at t = " + plan.longProfileTimes
                            + ": the kernel keeps growing and changing shape (log axis: the profile grows by orders of "
                            + "magnitude, and on a linear axis the initial profile and Theta would vanish at the bottom).");
        }
    }

    private static Chart lambdaDepth(Path dir, String label, String where) {
        CsvFile csv = CsvFile.read(dir.resolve(AnalyticTasks.DEPTH_FILE_PREFIX + label + ".csv"));
        List<String> archs = csv.text("arch");
        double[] depth = csv.column("depth");
        double[] min = csv.column("lambda_min");
        double[] max = csv.column("lambda_max");
        Chart chart = Chart.line("Analytic NTK eigenvalues against depth (" + where + ")", "depth L", "eigenvalue")
                .logY().integerX().markers();
        for (String arch : AnalyticTasks.ARCHS) {
            double[][] sel = select(archs, arch, depth, min, max);
            chart.series(arch + " lambda_min", sel[0], sel[1]);
            chart.dashedSeries(arch + " lambda_max", arch + " lambda_min", sel[0], sel[2]);
        }
        return chart;
    }

    private static Chart lambdaDistance(Path dir) {
        CsvFile csv = CsvFile.read(dir.resolve(AnalyticTasks.DISTANCE_FILE));
        List<String> archs = csv.text("arch");
        double[] distance = csv.column("distance");
        double[] min = csv.column("lambda_min");
        Chart chart = Chart.line("lambda_min of the analytic NTK as two inputs approach", "distance between two inputs",
                "lambda_min(Theta)").logX().logY().markers();
        for (String arch : AnalyticTasks.ARCHS) {
            double[][] sel = select(archs, arch, distance, min);
            chart.series(arch, sel[0], sel[1]);
        }
        return chart;
    }

    private static double[][] select(List<String> keys, String key, double[]... columns) {
        int count = (int) keys.stream().filter(key::equals).count();
        double[][] out = new double[columns.length][count];
        for (int c = 0; c < columns.length; c++) {
            int k = 0;
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).equals(key)) {
                    out[c][k++] = columns[c][i];
                }
            }
        }
        return out;
    }

    private static Chart fig1(Path run, Plan plan) {
        Outputs outputs = Outputs.read(run);
        Chart chart = Chart.line("Fig. 1: network outputs at the six training points (FCN L = " + plan.fig1.depth()
                + ", m = " + plan.fig1.width() + ")", "flow time t", "f_t(x_i)");
        for (int k = 0; k < outputs.names().size(); k++) {
            String name = "x_" + outputs.names().get(k) + " network";
            chart.series(name, outputs.t(), outputs.f()[k]);
            if (outputs.hasKernelMachine()) {
                chart.dashedSeries("x_" + outputs.names().get(k) + " NTK machine", name, outputs.t(), outputs.u()[k]);
            }
        }
        return chart.size(900, 560);
    }

    private static Chart profileChart(String title, CsvFile csv) {
        double[] angle = csv.column("angle");
        Chart chart = Chart.line(title, "polar angle phi of x'", "K(x0, x')");
        for (String column : csv.header()) {
            if (column.equals("angle") || column.equals("analytic")) {
                continue;
            }
            chart.series(column.startsWith("t=") ? "t = " + Table.number(Double.parseDouble(column.substring(2)))
                    : column.replace("m=", "m = "), angle, csv.column(column));
        }
        return chart.series("analytic NTK", angle, csv.column("analytic"));
    }

    // ---- MNIST ----

    private static void mnist(HtmlReport report, Path dir, Plan plan) {
        report.section("Item 1 and 5 on MNIST inputs: the analytic NTK is strictly positive definite");
        report.figure(lambdaDepth(dir, "mnist", "MNIST parity").write(dir.resolve("lambda-depth-mnist")),
                "lambda_min and lambda_max of the analytic NTK Gram matrix on " + plan.mnistAnalyticData
                        + " against depth, FCN and ResNet.");
        Path run = TrainTask.dir(dir, plan.fig4RunName());
        CsvFile pairs = CsvFile.read(run.resolve(TrainTask.PAIRS_FILE));
        double[] t = pairs.column("t");
        int[] rows = java.util.stream.IntStream.range(0, t.length).filter(i -> t[i] > 0).toArray();
        double[] x = java.util.Arrays.stream(rows).mapToDouble(i -> t[i]).toArray();
        Chart chart = Chart.line("Fig. 4: empirical NTK on three pairs of MNIST training points", "flow time t",
                "K_t(x_i, x_j)").logX();
        for (int[] p : plan.pairs) {
            String suffix = p[0] + "_" + p[1];
            double[] k = pairs.column("k_" + suffix);
            double[] theta = pairs.column("theta_" + suffix);
            String name = "K(x_" + p[0] + ", x_" + p[1] + ")";
            chart.series(name, x, java.util.Arrays.stream(rows).mapToDouble(i -> k[i]).toArray());
            // one dash pattern per pair: the analytic values of different pairs can be close enough to overlap
            chart.patternSeries("Theta(x_" + p[0] + ", x_" + p[1] + ") = " + Table.number(theta[0]), name, x,
                    java.util.Arrays.stream(rows).mapToDouble(i -> theta[i]).toArray(),
                    THETA_DASHES[java.util.Arrays.asList(plan.pairs).indexOf(p) % THETA_DASHES.length]);
        }
        report.section("Paper Fig. 4: the empirical NTK on MNIST");
        report.figure(chart.write(dir.resolve("fig4-mnist-pairs")),
                "K_t(x_i, x_j) on three pairs of training points (solid) and the analytic NTK's value (one dash "
                        + "pattern per pair, its value in the legend), FCN L = "
                        + plan.fig4.depth() + ", m = " + plan.fig4.width() + ", " + plan.fig4.data()
                        + ", cross-entropy (mean). Gradient flow has no step noise, so no smoothing is needed.");
        Path growth = run;
        Metrics m = Metrics.read(growth);
        report.paragraph("This run reaches training accuracy " + Table.number(m.last(ACCURACY))
                + (m.has(TEST_ACCURACY) ? " and test accuracy " + Table.number(m.last(TEST_ACCURACY))
                + " (kernel machine: " + Table.number(m.last(KM_TEST_ACCURACY)) + ")" : "")
                + "; D_inf goes from " + Table.number(m.first(D_INF)) + " to " + Table.number(m.last(D_INF)) + ".");
    }

    // ---- width sweeps ----

    private static void sweepSection(HtmlReport report, Path dir, Plan plan, Plan.Sweep sweep,
                                     List<SweepRow> rows) {
        String id = sweep.id();
        long seed = sweep.seeds().get(0);
        report.section("Width sweep: " + sweep.title() + " (items 2 to 5)");
        Chart growth = Chart.line("Cross-entropy: growth of outputs and parameters (" + sweep.title() + ")",
                "flow time t", "max_i |f_t(x_i)| (solid), ||theta_t - theta_0|| (dashed)").logX();
        Chart dInf = Chart.line("D_inf(t): cross-entropy (solid) and squared loss (dashed)", "flow time t",
                "D_inf = ||K_t - Theta||_F / ||Theta||_F").logX().logY();
        Chart gap = Chart.line("Distance to the NTK kernel machine: CE (solid), MSE (dashed)", "flow time t",
                "max_i |f_t(x_i) - u_t(x_i)|").logX().logY();
        Chart lambda = Chart.line("lambda_min(K_t): CE (solid), MSE (dashed)", "flow time t", "lambda_min(K_t)")
                .logX().logY();
        for (int w : sweep.widths()) {
            Metrics ce = Metrics.read(TrainTask.dir(dir, sweep.runName("ce", w, seed)));
            Metrics mse = Metrics.read(TrainTask.dir(dir, sweep.runName("mse", w, seed)));
            String name = "m = " + w;
            double[][] c = positive(ce, MAX_ABS_F, THETA_DIST, D_INF, KERNEL_GAP, LAMBDA_MIN);
            double[][] s = positive(mse, D_INF, KERNEL_GAP, LAMBDA_MIN);
            growth.series(name + " max|f|", c[0], c[1]).dashedSeries(name + " ||theta - theta_0||", name + " max|f|",
                    c[0], c[2]);
            dInf.series(name + " ce", c[0], c[3]).dashedSeries(name + " mse", name + " ce", s[0], s[1]);
            gap.series(name + " ce", c[0], c[4]).dashedSeries(name + " mse", name + " ce", s[0], s[2]);
            lambda.series(name + " ce", c[0], c[5]).dashedSeries(name + " mse", name + " ce", s[0], s[3]);
        }
        report.figure(growth.write(dir.resolve(id + "-growth")), "Item 2: max_i |f_t(x_i)| and ||theta_t - theta_0|| "
                + "under cross-entropy against t (log scale; a straight line is growth like log t), seed " + seed + ".");
        report.figure(lambda.write(dir.resolve(id + "-lambda-min")), "Item 2: lambda_min of the empirical NTK Gram "
                + "matrix on the training samples; Theorem 1 needs it bounded below.");
        report.figure(dInf.write(dir.resolve(id + "-d-inf")), "Item 3: D_inf(t) for each width, cross-entropy "
                + "(solid) beside squared loss (dashed, same colour).");
        if (sweep.widths().size() >= 2) {
            Chart sup = Chart.scatter("sup_t D_inf against width", "width m", "sup_t D_inf (t <= t_max)")
                    .logX().logY();
            for (String loss : List.of("ce", "mse")) {
                Map<Integer, double[]> means = SweepRow.meanByWidth(
                        rows.stream().filter(r -> r.loss().equals(loss)).toList(), SweepRow::supDInf);
                sup.series(loss, means.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                        means.values().stream().mapToDouble(v -> v[0]).toArray()).fittedLine(loss);
            }
            report.figure(sup.write(dir.resolve(id + "-sup-d-inf")), "Item 3: sup over t <= t_max of D_inf against "
                    + "the width, log-log, with fitted power laws (theory for squared loss: m^-1/2).");
        }
        report.figure(gap.write(dir.resolve(id + "-kernel-gap")), "Item 4: the largest difference between the "
                + "network's training outputs and the NTK kernel machine's, cross-entropy (solid) and squared loss "
                + "(dashed).");
        if (sweep.widths().size() >= 2) {
            List<SweepRow> ce = rows.stream().filter(r -> r.loss().equals("ce")).toList();
            List<Double> widths = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            int missing = 0;
            for (SweepRow r : ce) {
                if (Double.isNaN(r.tStar())) {
                    missing++;
                } else {
                    widths.add((double) r.width());
                    times.add(r.tStar());
                }
            }
            Chart tStar = Chart.scatter("Divergence time t*(m): first t with D_inf > " + TrainSummary.DIVERGENCE_THRESHOLD,
                    "width m", "t*(m)").logX().logY().series("cross-entropy", widths.stream().mapToDouble(d -> d).toArray(),
                    times.stream().mapToDouble(d -> d).toArray());
            report.figure(tStar.write(dir.resolve(id + "-divergence-time")), "Beyond the paper: log t*(m) against m "
                    + "under cross-entropy, every seed" + (missing > 0 ? "; " + missing + " run(s) did not reach the "
                    + "threshold by t_max and are not shown" : "") + ".");
        }
    }

    private static double[][] positive(Metrics m, String... names) {
        double[] t = m.t();
        int[] rows = java.util.stream.IntStream.range(0, t.length).filter(i -> t[i] > 0).toArray();
        double[][] out = new double[names.length + 1][];
        out[0] = java.util.Arrays.stream(rows).mapToDouble(i -> t[i]).toArray();
        for (int k = 0; k < names.length; k++) {
            double[] c = m.column(names[k]);
            out[k + 1] = java.util.Arrays.stream(rows).mapToDouble(i -> c[i]).toArray();
        }
        return out;
    }

    private static Table sweepTable(List<SweepRow> rows) {
        Table table = new Table("sweep", "loss", "m", "seed", "D_inf(0)", "D_inf(T)", "sup D_inf", "gap(1)", "gap(T)",
                "max|f| slope", "min lambda_min / lambda_min(0)", "t*");
        for (SweepRow r : rows) {
            table.row(r.sweep(), r.loss(), r.width(), r.seed(), r.dInf0(), r.dInfEnd(), r.supDInf(), r.gapAt1(),
                    r.gapEnd(), r.fSlope(), r.lambdaMinOverT() / r.lambda0(), Double.isNaN(r.tStar()) ? "-" : (Object) r.tStar());
        }
        return table;
    }

    private static Table subRunTable(Path dir) {
        Table table = new Table("run", "network", "data", "t reached", "steps", "status", "wall s");
        Path runs = dir.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return table.row("-", "-", "-", "-", "-", "-", "-");
        }
        try (var list = Files.list(runs)) {
            for (Path run : list.sorted().toList()) {
                if (run.getFileName().toString().startsWith(".")) {
                    continue; // a run set aside by a resumed reproduction
                }
                RunRecord record = RunRecord.read(run.resolve(RunRecord.FILE_NAME));
                TrainingConfig c = record.config(TrainingConfig.class);
                JsonNode r = record.results();
                table.row(run.getFileName().toString(), c.describe(), c.data(), r.path("t").asDouble(),
                        r.path("steps").asLong(), r.path("status").asText(), r.path("training-wall-seconds").asDouble());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return table;
    }
}
