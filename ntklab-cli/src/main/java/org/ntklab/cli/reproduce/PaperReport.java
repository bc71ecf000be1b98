package org.ntklab.cli.reproduce;

import static org.ntklab.metrics.Fit.ACCURACY;
import static org.ntklab.metrics.Fit.LOSS;
import static org.ntklab.metrics.Fit.TEST_ACCURACY;
import static org.ntklab.metrics.KernelDistance.D_INF;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.ntklab.cli.report.Chart;
import org.ntklab.cli.report.HtmlReport;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.train.KernelRecordings;
import org.ntklab.cli.train.Metrics;
import org.ntklab.cli.train.Outputs;
import org.ntklab.cli.train.TrainClaims;

/** Figures and report.html of {@code ntklab reproduce paper}, from the files of its run directory. */
final class PaperReport {
    private static final float[][] THETA_DASHES = ReproduceReport.THETA_DASHES;

    private PaperReport() {
    }

    static Path render(Path dir, RunRecord record) {
        PaperPlan plan = PaperPlan.of(record.config(PaperPlan.PaperConfig.class));
        return render(dir, record, plan, PaperAnalysis.of(dir, plan));
    }

    static Path render(Path dir, RunRecord record, PaperPlan plan, PaperAnalysis analysis) {
        analysis.writeTables();
        HtmlReport report = new HtmlReport("The paper's section 6 at its own settings, by gradient descent"
                + (plan.quick ? " (quick)" : ""));
        report.paragraph("Fig. 1 to 3, " + org.ntklab.cli.run.DataLine.of(plan.fig1Gd.data()));
        report.paragraph("Fig. 4, " + org.ntklab.cli.run.DataLine.of(plan.fig4Gd.data()));
        report.paragraph("Re-makes the figures of Yu, Tian and Chen, Divergence of Neural Tangent Kernel in Classification "
                + "Problems (ICLR 2025), section 6, at the paper's own settings by full-batch gradient descent, and beside "
                + "each the time-rescaled gradient flow run of the same network from the same initial weights (flow time "
                + "t = rate x steps), so that the fast integrator used by 'reproduce synthetic|mnist|scaling' and the "
                + "paper's gradient descent can be compared figure by figure. Every verdict is computed from the files "
                + "of this directory; verdicts.csv holds the table, fig1-seeds.csv the Fig. 1 numbers per seed.");
        if (plan.quick) {
            report.paragraph("QUICK MODE: tiny widths and short runs, to check the pipeline in "
                    + ReferenceTimes.PAPER_QUICK + ". "
                    + "These numbers are not evidence; run without --quick for the paper's settings.");
        }
        report.section("Verdicts");
        report.claims(analysis.verdicts().stream().map(Verdict::claimRow).toList());
        report.section("Settings, and where they are the paper's");
        for (String note : notes(plan, Metrics.read(PaperAnalysis.run(dir, PaperPlan.FIG4_GD)),
                record.results().path("task-wall-seconds").path(PaperPlan.FIG4_GD).asDouble(Double.NaN))) {
            report.paragraph(note);
        }

        Path gd = PaperAnalysis.run(dir, PaperPlan.fig1GdName(plan.seed));
        Path flow = PaperAnalysis.run(dir, PaperPlan.FIG1_FLOW);
        report.section("Paper Fig. 1: the six outputs against the step");
        report.figure(fig1(gd, flow, plan, false).write(dir.resolve("fig1-outputs")),
                "f(x_i) against the step, one colour per training point: gradient descent (solid), the time-rescaled "
                        + "flow at t = " + PaperPlan.FIG1_RATE + " x step (dotted) and the NTK kernel machine u(x_i) "
                        + "(dashed). Linear axis, as in the paper.");
        report.figure(fig1(gd, flow, plan, true).write(dir.resolve("fig1-outputs-log")),
                "The same |f(x_i)| on a log step axis: growth like log t is a straight line.");
        report.table(seedTable(analysis));

        report.section("Paper Fig. 2: the kernel at initialisation against the width");
        report.figure(fig2(dir, plan).write(dir.resolve("fig2-kernel-init")),
                "K_0(x0, x') for x0 = (1, 0), x' = (cos phi, sin phi), FCN with 3 hidden layers at m = " + plan.fig2Widths
                        + ": mean over seeds " + plan.fig2Seeds + " (solid) and their smallest and largest values "
                        + "(dotted, the band), and the analytic NTK.");

        report.section("Paper Fig. 3: the kernel profile during training (m = " + plan.fig1Gd.width() + ")");
        report.figure(fig3(gd, flow, plan).write(dir.resolve("fig3-kernel-training")),
                "K_t(x0, x') of the Fig. 1 network at steps " + steps(plan.fig3Times, PaperPlan.FIG1_RATE)
                        + " by gradient descent (solid) and by the flow at the same t (dotted), and the analytic NTK. "
                        + "Log axis, so that the initial profile and Theta stay visible beside the trained ones.");

        Path gd4 = PaperAnalysis.run(dir, PaperPlan.FIG4_GD);
        Path flow4 = PaperAnalysis.run(dir, PaperPlan.FIG4_FLOW);
        report.section("Paper Fig. 4: the empirical NTK on three pairs of MNIST digits");
        report.figure(fig4(gd4, null, plan).write(dir.resolve("fig4-mnist-pairs")),
                "K_t(x_i, x_j) by gradient descent at rate " + PaperPlan.FIG4_RATE + " against the step (log axis, "
                        + "the first " + PaperPlan.FIG4_FIRST_STEP + " steps dropped as in the paper): raw observations "
                        + "(dotted), their moving average over " + plan.smoothing + " observations (solid), and the "
                        + "analytic NTK's value (one dash pattern per pair, value in the legend).");
        report.figure(fig4(flow4, gd4, plan).write(dir.resolve("fig4-mnist-pairs-flow")),
                "The same pairs by the time-rescaled flow (solid) beside gradient descent's smoothed values (dashed).");
        Metrics m = Metrics.read(gd4);
        report.paragraph("The gradient-descent run reaches training accuracy " + Table.number(m.last(ACCURACY))
                + (m.has(TEST_ACCURACY) ? " and test accuracy " + Table.number(m.last(TEST_ACCURACY)) : "")
                + "; D_inf goes from " + Table.number(m.first(D_INF)) + " to " + Table.number(m.last(D_INF))
                + "; the loss from " + Table.number(m.first(LOSS)) + " to " + Table.number(m.last(LOSS)) + ".");
        report.section("Sub-runs").paragraph("Each sub-run under runs/ is an ordinary ntklab train run directory "
                + "with its own report; run.json's arguments repeat it with 'ntklab train'.");
        return report.runSection(record).write(dir.resolve(ReproduceReport.REPORT_FILE));
    }

    /**
     * @param fig4         the metrics of the Fig. 4 gradient-descent run, whose initial kernel sets the stable rate
     * @param fig4Seconds  that run's wall seconds in this reproduction (NaN when the record has none)
     */
    static List<String> notes(PaperPlan plan, Metrics fig4, double fig4Seconds) {
        int n = 2 * plan.perClass;
        double lambdaMax = fig4.first("lambda_max");
        List<String> notes = new ArrayList<>();
        notes.add("Fig. 1 and 3 " + (plan.quick ? "(quick: m = " + plan.fig1Gd.width() + ", " + plan.fig1Steps
                + " steps; the paper's are m = 2000, 10,000 steps)" : "are at the paper's exact settings")
                + ": FCN with 3 hidden layers of width m = " + plan.fig1Gd.width() + " (NTK parameterisation, all "
                + "weights and biases N(0, 1)), the six points x_i = (cos(i pi/3), sin(i pi/3)) with labels 0, 1, 0, 1, "
                + "0, 1, cross-entropy summed over the samples (eq. 2.3), full-batch gradient descent at rate "
                + PaperPlan.FIG1_RATE + " for " + plan.fig1Steps + " steps (the paper's epochs), seed " + plan.seed
                + ". The kernel profile is recorded at every observation (8 per decade of steps from step 10) on "
                + plan.fig3Angles + " angles; seeds " + plan.seeds + " repeat the gradient-descent run for the table "
                + "of Fig. 1. The flow run is 'ntklab train --integrator flow' from the same initial weights to "
                + "t = " + Table.number(plan.fig1Gd.tMax()) + ".");
        notes.add("Fig. 2 " + (plan.quick ? "(quick: smaller widths)" : "is at the paper's widths 200, 1000, 2000")
                + ", with " + plan.fig2Seeds.size() + " networks per width (seeds " + plan.fig2Seeds + ") for the mean "
                + "and band, on " + plan.fig2Angles + " angles. Initialisation involves no training, so there is no "
                + "flow version.");
        notes.add("Fig. 4 " + (plan.quick ? "(quick: m = " + plan.fig4Gd.width() + ", " + plan.fig4Steps + " steps)"
                : "is at the paper's network, width, rate and number of steps") + ": MNIST parity (odd against even), "
                + "the paper's 'four-layer' FCN read as four weight layers, i.e. 3 hidden layers of width m = "
                + plan.fig4Gd.width() + " and the output layer (the paper's Fig. 1 network, which it calls a "
                + "three-hidden-layer FCN, is the same family; a four-layer network in the usual count of weight layers "
                + "has three hidden layers), rate " + PaperPlan.FIG4_RATE + ", " + plan.fig4Steps + " steps, seed "
                + plan.seed + ". Not the paper's (it does not state them): the training set is " + 2 * plan.perClass
                + " digits (" + plan.perClass + " per class; " + plan.fig4Gd.data() + ") and the loss is the MEAN "
                + "cross-entropy over them. With the printed sum, stability needs rate < 2 / (lambda_max(K) / 4), which "
                + "for these digits (lambda_max(K_0) = " + Table.number(lambdaMax) + " at m = " + plan.fig4Gd.width()
                + " in this run) is about " + Table.number(8 / lambdaMax) + ", so rate " + PaperPlan.FIG4_RATE
                + " diverges; with the mean the bound is about 2 / (lambda_max(K) / (4 n)), about "
                + Table.number(8 * n / lambdaMax) + " for n = " + n + ", and it does not shrink with n (lambda_max "
                + "grows like n). The number of digits is set by time: a step costs about n m^2"
                + (Double.isNaN(fig4Seconds) ? "" : ", and the " + plan.fig4Steps + " steps on " + n + " digits took "
                + duration(fig4Seconds) + " in this run") + ". Pairs: "
                + "(0, 1) two even digits, (0, " + plan.pairs[1][1] + ") an even and an odd one, (" + plan.pairs[2][0]
                + ", " + plan.pairs[2][1] + ") two odd digits.");
        notes.add("Verdict thresholds are written next to each claim with the reason for them; they are the constants "
                + "of PaperAnalysis, Analysis and TrainClaims (log growth: slope against ln t above "
                + TrainClaims.LOG_GROWTH_SLOPE + " and ln t fitting better than t; movement: "
                + Table.number(Analysis.PROFILE_MOVE) + " times the initial error; agreement of GD and flow: "
                + Table.number(PaperAnalysis.AGREEMENT) + " of the curve's scale).");
        return notes;
    }

    /** Wall seconds as "42 s" or, from two minutes on, "14 minutes". */
    private static String duration(double seconds) {
        return seconds < 120 ? Math.round(seconds) + " s" : Math.round(seconds / 60) + " minutes";
    }

    private static String steps(List<Double> times, double rate) {
        List<Long> s = new ArrayList<>();
        for (double t : times) {
            s.add(Math.round(t / rate));
        }
        return s.toString();
    }

    private static Table seedTable(PaperAnalysis analysis) {
        Table table = new Table("seed", "steps", "t", "max_i |f_i(T)|", "D_inf(T)", "D_inf(0)", "lambda_min(K_T)");
        List<double[]> values = new ArrayList<>();
        for (List<?> r : analysis.seedRows()) {
            table.row(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6));
            values.add(new double[] {(Double) r.get(3), (Double) r.get(4)});
        }
        if (values.size() > 1) {
            double[] f = values.stream().mapToDouble(v -> v[0]).toArray();
            double[] d = values.stream().mapToDouble(v -> v[1]).toArray();
            table.row("mean", "", "", mean(f), mean(d), "", "");
            table.row("sd", "", "", sd(f), sd(d), "", "");
            table.row("min .. max", "", "", Table.number(min(f)) + " .. " + Table.number(max(f)),
                    Table.number(min(d)) + " .. " + Table.number(max(d)), "", "");
        }
        return table;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (n - 1). */
    static double sd(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static Chart fig1(Path gdRun, Path flowRun, PaperPlan plan, boolean log) {
        Outputs gd = Outputs.read(gdRun);
        Outputs flow = Outputs.read(flowRun);
        Chart chart = Chart.line("Fig. 1: outputs at the six points (FCN L = 3, m = " + plan.fig1Gd.width() + ", rate "
                + PaperPlan.FIG1_RATE + ")", log ? "step (log axis)" : "step", log ? "|f(x_i)|" : "f(x_i)");
        if (log) {
            chart.logX().logY();
        }
        double[] stepGd = scale(gd.t(), 1 / PaperPlan.FIG1_RATE);
        double[] stepFlow = scale(flow.t(), 1 / PaperPlan.FIG1_RATE);
        for (int k = 0; k < gd.names().size(); k++) {
            String name = "x_" + gd.names().get(k) + " GD";
            chart.series(name, stepGd, log ? abs(gd.f()[k]) : gd.f()[k]);
            chart.dottedSeries("x_" + gd.names().get(k) + " flow", name, stepFlow, log ? abs(flow.f()[k]) : flow.f()[k]);
            if (gd.hasKernelMachine()) {
                chart.dashedSeries("x_" + gd.names().get(k) + " NTK machine", name, stepGd,
                        log ? abs(gd.u()[k]) : gd.u()[k]);
            }
        }
        return chart.size(900, 560);
    }

    private static double[] scale(double[] v, double factor) {
        return java.util.Arrays.stream(v).map(x -> x * factor).toArray();
    }

    private static double[] abs(double[] v) {
        return java.util.Arrays.stream(v).map(Math::abs).toArray();
    }

    private static Chart fig2(Path dir, PaperPlan plan) {
        CsvFile csv = CsvFile.read(dir.resolve(PaperAnalysis.FIG2_FILE));
        double[] angle = csv.column("angle");
        Chart chart = Chart.line("Fig. 2: K_0(x0, x') at initialisation, x0 = (1, 0)", "polar angle phi of x'",
                "K(x0, x')");
        for (int m : plan.fig2Widths) {
            double[][] curves = plan.fig2Seeds.stream().map(s -> csv.column(PaperAnalysis.fig2Column(m, s)))
                    .toArray(double[][]::new);
            double[] mean = new double[angle.length];
            double[] lo = new double[angle.length];
            double[] hi = new double[angle.length];
            for (int k = 0; k < angle.length; k++) {
                final int kk = k;
                double[] at = java.util.Arrays.stream(curves).mapToDouble(c -> c[kk]).toArray();
                mean[k] = mean(at);
                lo[k] = min(at);
                hi[k] = max(at);
            }
            String name = "m = " + m + " mean";
            chart.series(name, angle, mean);
            chart.dottedSeries("m = " + m + " min", name, angle, lo);
            chart.dottedSeries("m = " + m + " max", name, angle, hi);
        }
        return chart.series("analytic NTK", angle, csv.column("analytic")).size(900, 560);
    }

    /** The column of a profile CSV nearest to flow time t on a log scale (t = 0: the first). */
    static String nearest(List<String> columns, double t) {
        String best = columns.get(0);
        double distance = Double.POSITIVE_INFINITY;
        for (String c : columns) {
            double v = Double.parseDouble(c.substring(2));
            double d = t == 0 ? (v == 0 ? 0 : Double.POSITIVE_INFINITY) : v > 0 ? Math.abs(Math.log(v / t))
                    : Double.POSITIVE_INFINITY;
            if (d < distance) {
                distance = d;
                best = c;
            }
        }
        return best;
    }

    private static Chart fig3(Path gdRun, Path flowRun, PaperPlan plan) {
        CsvFile gd = CsvFile.read(gdRun.resolve(KernelRecordings.PROFILE_FILE));
        CsvFile flow = CsvFile.read(flowRun.resolve(KernelRecordings.PROFILE_FILE));
        double[] angle = gd.column("angle");
        Chart chart = Chart.line("Fig. 3: K_t(x0, x') during training (m = " + plan.fig1Gd.width() + ")",
                "polar angle phi of x'", "K_t(x0, x') (log axis)").logY();
        List<String> a = FigureMeasures.profileTimes(gd);
        List<String> b = FigureMeasures.profileTimes(flow);
        for (double t : plan.fig3Times) {
            String name = "step " + Math.round(t / PaperPlan.FIG1_RATE) + " GD";
            chart.series(name, angle, gd.column(nearest(a, t)));
            chart.dottedSeries("t = " + Table.number(t) + " flow", name, angle, flow.column(nearest(b, t)));
        }
        return chart.series("analytic NTK", angle, gd.column("analytic")).size(900, 560);
    }

    private static Chart fig4(Path run, Path gdBeside, PaperPlan plan) {
        CsvFile csv = CsvFile.read(run.resolve(KernelRecordings.PAIRS_FILE));
        CsvFile beside = gdBeside == null ? null : CsvFile.read(gdBeside.resolve(KernelRecordings.PAIRS_FILE));
        boolean flow = gdBeside != null;
        Chart chart = Chart.line("Fig. 4: empirical NTK on three pairs of MNIST digits ("
                + (flow ? "flow" : "gradient descent, rate " + PaperPlan.FIG4_RATE) + ")",
                "step (log axis; flow: t / " + PaperPlan.FIG4_RATE + ")", "K_t(x_i, x_j)").logX();
        double dropBelow = PaperPlan.FIG4_FIRST_STEP * PaperPlan.FIG4_RATE * (1 - 1e-9);
        for (int p = 0; p < plan.pairs.length; p++) {
            String suffix = plan.pairs[p][0] + "_" + plan.pairs[p][1];
            String pair = "(" + plan.pairs[p][0] + ", " + plan.pairs[p][1] + ")";
            double[][] main = kept(csv, suffix, dropBelow, plan.smoothing);
            String name = flow ? "K" + pair + " flow" : "K" + pair + " smoothed";
            chart.series(name, main[0], flow ? main[1] : main[2]);
            if (!flow) {
                chart.dottedSeries("K" + pair + " raw", name, main[0], main[1]);
            } else {
                double[][] g = kept(beside, suffix, dropBelow, plan.smoothing);
                chart.dashedSeries("K" + pair + " GD smoothed", name, g[0], g[2]);
            }
            double theta = csv.column("theta_" + suffix)[0];
            double[] line = new double[main[0].length];
            java.util.Arrays.fill(line, theta);
            chart.patternSeries("Theta" + pair + " = " + Table.number(theta), name, main[0], line,
                    THETA_DASHES[p % THETA_DASHES.length]);
        }
        return chart.size(900, 560);
    }

    /** Steps (t / rate), raw and smoothed values of pair {@code suffix}, from t >= dropBelow on. */
    private static double[][] kept(CsvFile csv, String suffix, double dropBelow, int smoothing) {
        double[] t = csv.column("t");
        double[] k = csv.column("k_" + suffix);
        double[] smooth = FigureMeasures.smooth(k, smoothing);
        int[] rows = IntStream.range(0, t.length).filter(i -> t[i] >= dropBelow).toArray();
        return new double[][] {
            java.util.Arrays.stream(rows).mapToDouble(i -> t[i] / PaperPlan.FIG4_RATE).toArray(),
            java.util.Arrays.stream(rows).mapToDouble(i -> k[i]).toArray(),
            java.util.Arrays.stream(rows).mapToDouble(i -> smooth[i]).toArray()};
    }
}
