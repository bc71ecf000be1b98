package org.ntklab.cli.train;

import static org.ntklab.metrics.Fit.ACCURACY;
import static org.ntklab.metrics.Fit.LOSS;
import static org.ntklab.metrics.Fit.TEST_ACCURACY;
import static org.ntklab.metrics.FlowTime.STEP;
import static org.ntklab.metrics.KernelDistance.D_0;
import static org.ntklab.metrics.KernelDistance.D_INF;
import static org.ntklab.metrics.KernelMachineAgreement.KERNEL_GAP;
import static org.ntklab.metrics.KernelMachineAgreement.KM_LOSS;
import static org.ntklab.metrics.KernelMachineAgreement.KM_TEST_ACCURACY;
import static org.ntklab.metrics.KernelSpectrum.LAMBDA_MAX;
import static org.ntklab.metrics.KernelSpectrum.LAMBDA_MIN;
import static org.ntklab.metrics.OutputSize.MAX_ABS_F;
import static org.ntklab.metrics.ParameterMotion.THETA_DIST;
import static org.ntklab.metrics.ParameterMotion.THETA_NORM;
import static org.ntklab.metrics.WallClock.WALL_SECONDS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ntklab.cli.report.Chart;
import org.ntklab.cli.report.HtmlReport;
import org.ntklab.cli.report.ReportRenderer;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.train.TrainingConfig;

/** Figures and report of a training run, from metrics.csv, outputs.csv and run.json. */
public final class TrainReport implements ReportRenderer {
    public static final String GROWTH_FIGURE = "growth";
    public static final String DISTANCE_FIGURE = "kernel-distance";
    public static final String SPECTRUM_FIGURE = "kernel-spectrum";
    public static final String LOSS_FIGURE = "loss";
    public static final String GAP_FIGURE = "kernel-gap";
    public static final String OUTPUTS_FIGURE = "outputs";
    /** Training samples drawn in the outputs figure at most. */
    public static final int OUTPUTS_SHOWN = 8;

    @Override
    public String kind() {
        return TrainSession.KIND;
    }

    @Override
    public Path render(Path dir, RunRecord record) {
        TrainingConfig config = record.config(TrainingConfig.class);
        Metrics metrics = Metrics.read(dir);
        String status = record.results() != null && record.results().has("status")
                ? record.results().get("status").asText() : "?";

        HtmlReport report = new HtmlReport("Training: " + config.describe() + ", " + config.data())
                .paragraph("A " + config.describe() + " network trained on " + config.data() + " (seed " + config.seed()
                        + ") by " + (config.integrator().equals("gd") ? "gradient descent with learning rate " + config.learningRate()
                        + " (flow time t = steps x lr)" : "time-rescaled gradient flow") + " to t = "
                        + Table.number(metrics.lastT()) + " (t-max " + Table.number(config.tMax()) + ", status " + status
                        + ", " + (long) metrics.last(STEP) + " steps), observed at " + metrics.rows()
                        + " log-spaced times. D_inf = ||K_t - Theta||_F / ||Theta||_F is the distance of the empirical NTK "
                        + "to the analytic NTK, D_0 = ||K_t - K_0||_F / ||K_0||_F its distance to where it started, and the "
                        + "kernel gap max_i |f_t(x_i) - u_t(x_i)| the distance of the network's outputs to those of the NTK "
                        + "kernel machine trained beside it.")
                .paragraph(org.ntklab.cli.run.DataLine.of(config.data()))
                .section("Summary")
                .table(summaryTable(metrics))
                .section("Claims")
                .claims(TrainClaims.of(config.loss(), config.reduction().equals("sum"), samples(record), metrics));
        for (Figure figure : figures(dir, metrics)) {
            report.section(figure.heading()).figure(figure.figure(), figure.caption());
        }
        return report.runSection(record).write(dir.resolve(REPORT_FILE));
    }

    private static int samples(RunRecord record) {
        return record.results() == null ? 1 : Math.max(1, record.results().path("n").asInt(1));
    }

    private record Figure(String heading, Chart.Figure figure, String caption) {
    }

    private static List<Figure> figures(Path dir, Metrics m) {
        List<Figure> figures = new ArrayList<>();
        double[][] growth = positiveT(m, MAX_ABS_F, THETA_DIST);
        figures.add(new Figure("Outputs and parameters", Chart.line("Growth of outputs and parameters", "flow time t",
                        "value").logX()
                .series("max_i |f_t(x_i)|", growth[0], growth[1])
                .series("||theta_t - theta_0||", growth[0], growth[2])
                .write(dir.resolve(GROWTH_FIGURE)),
                "max_i |f_t(x_i)| and ||theta_t - theta_0|| against t (log scale): a straight line is growth like log t."));
        if (m.has(D_INF)) {
            double[][] d = positiveT(m, D_INF, D_0);
            figures.add(new Figure("Distance of the empirical NTK", Chart.line("Empirical NTK: distance to Theta and to K_0",
                            "flow time t", "relative Frobenius distance").logX().logY()
                    .series("D_inf = ||K_t - Theta|| / ||Theta||", d[0], d[1])
                    .series("D_0 = ||K_t - K_0|| / ||K_0||", d[0], d[2])
                    .write(dir.resolve(DISTANCE_FIGURE)),
                    "D_inf(t) and D_0(t); lazy training keeps both of order m^-1/2."));
            double[][] s = positiveT(m, LAMBDA_MIN, LAMBDA_MAX);
            figures.add(new Figure("Spectrum of the empirical NTK", Chart.line("Extreme eigenvalues of K_t", "flow time t",
                            "eigenvalue").logX().logY()
                    .series("lambda_max(K_t)", s[0], s[2])
                    .series("lambda_min(K_t)", s[0], s[1])
                    .write(dir.resolve(SPECTRUM_FIGURE)),
                    "Theorem 1 assumes lambda_min(K_t) stays bounded below."));
        }
        double[][] loss = positiveT(m, LOSS, KM_LOSS);
        Chart lossChart = Chart.line("Training loss", "flow time t", "loss").logX().logY()
                .series("network", loss[0], loss[1]);
        if (m.has(KM_LOSS)) {
            lossChart.dashedSeries("NTK kernel machine", "network", loss[0], loss[2]);
        }
        figures.add(new Figure("Loss", lossChart.write(dir.resolve(LOSS_FIGURE)),
                "The training loss of the network (solid) and of the NTK kernel machine (dashed)."));
        if (m.has(KERNEL_GAP)) {
            double[][] g = positiveT(m, KERNEL_GAP);
            figures.add(new Figure("Distance to the kernel machine", Chart.line("Network against NTK kernel machine",
                            "flow time t", "max_i |f_t(x_i) - u_t(x_i)|").logX().logY()
                    .series("kernel gap", g[0], g[1])
                    .write(dir.resolve(GAP_FIGURE)),
                    "The largest difference between the network's and the kernel machine's training outputs."));
        }
        if (Files.isRegularFile(dir.resolve(Outputs.FILE))) {
            Outputs outputs = Outputs.read(dir);
            figures.add(new Figure("Training outputs", outputsChart(outputs).write(dir.resolve(OUTPUTS_FIGURE)),
                    "f_t(x_i) on " + Math.min(OUTPUTS_SHOWN, outputs.names().size()) + " training samples (solid)"
                            + (outputs.hasKernelMachine() ? " and the kernel machine's u_t(x_i) (dashed, same colour)" : "")
                            + "."));
        }
        return figures;
    }

    static Chart outputsChart(Outputs outputs) {
        Chart chart = Chart.line("Training outputs: network (solid) and NTK kernel machine (dashed)", "flow time t",
                "output").logX();
        int shown = Math.min(OUTPUTS_SHOWN, outputs.names().size());
        double[] t = outputs.t();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i] > 0) {
                rows.add(i);
            }
        }
        double[] x = rows.stream().mapToDouble(i -> t[i]).toArray();
        for (int k = 0; k < shown; k++) {
            String name = "f(x_" + outputs.names().get(k) + ")";
            double[] f = outputs.f()[k];
            chart.series(name, x, rows.stream().mapToDouble(i -> f[i]).toArray());
            if (outputs.hasKernelMachine()) {
                double[] u = outputs.u()[k];
                chart.dashedSeries("u(x_" + outputs.names().get(k) + ")", name, x,
                        rows.stream().mapToDouble(i -> u[i]).toArray());
            }
        }
        return chart;
    }

    /** t and the named columns over the observations with t > 0 (a log axis cannot show t = 0). */
    static double[][] positiveT(Metrics m, String... names) {
        double[] t = m.t();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i] > 0) {
                rows.add(i);
            }
        }
        double[][] out = new double[names.length + 1][];
        out[0] = rows.stream().mapToDouble(i -> t[i]).toArray();
        for (int k = 0; k < names.length; k++) {
            double[] c = m.has(names[k]) ? m.column(names[k]) : new double[t.length];
            if (!m.has(names[k])) {
                java.util.Arrays.fill(c, Double.NaN);
            }
            out[k + 1] = rows.stream().mapToDouble(i -> c[i]).toArray();
        }
        return out;
    }

    /** The metrics at t = 0 and at the last observation. */
    public static Table summaryTable(Metrics m) {
        Table table = new Table("quantity", "t = 0", "t = " + Table.number(m.lastT()));
        String[][] rows = {
            {"loss", LOSS}, {"accuracy", ACCURACY}, {"test accuracy", TEST_ACCURACY},
            {"max_i |f(x_i)|", MAX_ABS_F}, {"||theta - theta_0||", THETA_DIST}, {"||theta||", THETA_NORM},
            {"D_inf = ||K - Theta|| / ||Theta||", D_INF}, {"D_0 = ||K - K_0|| / ||K_0||", D_0},
            {"lambda_min(K)", LAMBDA_MIN}, {"lambda_max(K)", LAMBDA_MAX},
            {"kernel gap max_i |f - u|", KERNEL_GAP}, {"kernel machine loss", KM_LOSS},
            {"kernel machine test accuracy", KM_TEST_ACCURACY}};
        for (String[] row : rows) {
            if (m.has(row[1])) {
                table.row(row[0], cell(m.first(row[1])), cell(m.last(row[1])));
            }
        }
        table.row("integrator steps", cell(m.first(STEP)), cell(m.last(STEP)));
        if (m.has(WALL_SECONDS)) {
            table.row("wall time (s)", cell(m.first(WALL_SECONDS)), cell(m.last(WALL_SECONDS)));
        }
        return table;
    }

    private static Object cell(double v) {
        return Double.isNaN(v) ? "-" : (Object) v;
    }
}
