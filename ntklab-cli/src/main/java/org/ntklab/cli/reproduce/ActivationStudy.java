package org.ntklab.cli.reproduce;

import static org.ntklab.metrics.KernelDistance.D_INF;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ntklab.cli.report.Chart;
import org.ntklab.cli.report.HtmlReport;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.train.Metrics;
import org.ntklab.cli.train.TrainSummary;
import org.ntklab.scaling.TimeToLevel;
import org.ntklab.train.TrainingConfig;

/**
 * The study "Does divergence need ReLU?" of {@code reproduce synthetic}: FCN L = 2 on the six circle
 * points under cross-entropy and squared loss, for smooth activations (erf, gelu, tanh) and the
 * leaky ReLU next to ReLU, at three widths and three seeds, each run to t-max or to the first
 * D_inf >= {@link #STOP_LEVEL}. Its numbers go to activation-study.csv (one row per run) and its own
 * section of the report and of the console output; the paper's verdicts and tables are untouched.
 */
public final class ActivationStudy {
    /** A run ends at the first observation with D_inf at least this (--stop-at-d-inf). */
    public static final double STOP_LEVEL = 2.0;
    /** The flow time at which D_inf is also reported. */
    public static final double MID_TIME = 1e6;
    public static final String FILE = "activation-study.csv";

    /** What is run: the base configuration and the grid. */
    public record Design(TrainingConfig base, List<String> activations, List<Integer> widths, List<Long> seeds) {
        public String runName(String activation, String loss, int width, long seed) {
            return "act-" + activation.replace(':', '-') + "-" + loss + "-m" + width + "-s" + seed;
        }

        public TrainingConfig config(String activation, String loss, int width, long seed) {
            return base.with("activation", activation).with("loss", loss).with("width", width).with("seed", seed);
        }
    }

    /** One run's numbers: one row of activation-study.csv. */
    public record Row(String activation, String loss, int width, long seed, double dInf0, double dInfMid,
                      double dInfEnd, double supDInf, double tEnd, double tLevel1, double tLevel2, String status,
                      String reason) {
        static final List<String> COLUMNS = List.of("activation", "loss", "width", "seed", "d_inf_0", "d_inf_1e6",
                "d_inf_end", "sup_d_inf", "t_end", "t_d_inf_1", "t_d_inf_2", "status", "reason");

        List<?> cells() {
            return List.of(activation, loss, width, seed, dInf0, dInfMid, dInfEnd, supDInf, tEnd, tLevel1, tLevel2,
                    status, reason);
        }
    }

    private final Design design;
    private final List<Row> rows = new ArrayList<>();
    private final List<Verdict> verdicts = new ArrayList<>();

    private ActivationStudy(Design design) {
        this.design = design;
    }

    /** Reads every run of the study under {@code dir}/runs. */
    static ActivationStudy of(Path dir, Design design) {
        ActivationStudy s = new ActivationStudy(design);
        for (String activation : design.activations()) {
            for (String loss : List.of("ce", "mse")) {
                for (int width : design.widths()) {
                    for (long seed : design.seeds()) {
                        s.rows.add(row(TrainTask.dir(dir, design.runName(activation, loss, width, seed)), activation,
                                loss, width, seed));
                    }
                }
            }
        }
        s.judge();
        return s;
    }

    private static Row row(Path run, String activation, String loss, int width, long seed) {
        Metrics m = Metrics.read(run);
        RunRecord record = RunRecord.read(run.resolve(RunRecord.FILE_NAME));
        TrainSummary summary = TrainSummary.of(m, record, TrainSummary.DIVERGENCE_THRESHOLD);
        double[] t = m.t();
        double[] d = m.column(D_INF);
        return new Row(activation, loss, width, seed, summary.dInf0(), TrainSummary.dInfAt(m, MID_TIME),
                summary.dInfEnd(), summary.supDInf(), summary.tEnd(), TimeToLevel.crossing(t, d, 1.0),
                TimeToLevel.crossing(t, d, STOP_LEVEL), summary.status(), record.results().path("message").asText(""));
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public List<Verdict> verdicts() {
        return List.copyOf(verdicts);
    }

    private List<Row> rows(String activation, String loss) {
        return rows.stream().filter(r -> r.activation().equals(activation) && r.loss().equals(loss)).toList();
    }

    private void judge() {
        String horizon = Table.number(design.base().tMax());
        for (String activation : design.activations()) {
            List<Row> ce = rows(activation, "ce");
            List<Row> mse = rows(activation, "mse");
            long reached1 = ce.stream().filter(r -> !Double.isNaN(r.tLevel1())).count();
            long reached2 = ce.stream().filter(r -> !Double.isNaN(r.tLevel2())).count();
            verdicts.add(new Verdict("activation", activation + ": CE leaves the NTK",
                    "Under cross-entropy the empirical NTK of the " + activation + " network leaves the analytic one: "
                            + "D_inf reaches 1 by t = " + horizon + " in every run (every width and seed).",
                    "D_inf = 1 reached in " + reached1 + " of " + ce.size() + " runs, D_inf = " + Table.number(STOP_LEVEL)
                            + " in " + reached2 + "; D_inf at the end: " + perWidth(ce, Row::dInfEnd),
                    reached1 == ce.size()));
            double ceSlope = widthSlope(ce, Row::supDInf);
            double mseSlope = widthSlope(mse, Row::supDInf);
            verdicts.add(new Verdict("activation", activation + ": CE sup_t D_inf does not shrink with width",
                    "Under cross-entropy sup_t D_inf (t <= t-max, or up to the stop at D_inf >= "
                            + Table.number(STOP_LEVEL) + ") does not shrink with the width: its log-log slope against "
                            + "m (mean over seeds) is at least " + Analysis.SHRINK_SLOPE + ", where squared loss gives about -0.5.",
                    "sup_t D_inf: " + perWidth(ce, Row::supDInf) + "; slope " + Table.number(ceSlope) + " (mse: "
                            + Table.number(mseSlope) + ")",
                    design.widths().size() >= 2 && ceSlope >= Analysis.SHRINK_SLOPE));
            verdicts.add(new Verdict("activation", activation + ": MSE stays near the NTK",
                    "Under squared loss (the control) the " + activation + " network's empirical NTK stays near the "
                            + "analytic one: sup_t D_inf below 1 in every run.",
                    "sup_t D_inf: " + perWidth(mse, Row::supDInf),
                    mse.stream().allMatch(r -> r.supDInf() < 1.0)));
        }
    }

    /** Fitted slope of log(mean over seeds) against log m; NaN with one width. */
    private static double widthSlope(List<Row> runs, java.util.function.ToDoubleFunction<Row> value) {
        Map<Integer, double[]> sums = new LinkedHashMap<>();
        for (Row r : runs) {
            double[] s = sums.computeIfAbsent(r.width(), w -> new double[2]);
            s[0] += value.applyAsDouble(r);
            s[1]++;
        }
        if (sums.size() < 2) {
            return Double.NaN;
        }
        double[] x = sums.keySet().stream().mapToDouble(Math::log).toArray();
        double[] y = sums.values().stream().mapToDouble(v -> Math.log(v[0] / v[1])).toArray();
        return org.ntklab.linalg.LinearFit.slope(x, y);
    }

    /** Mean over seeds per width: "m = 64: 0.31, m = 256: 0.2". */
    private static String perWidth(List<Row> runs, java.util.function.ToDoubleFunction<Row> value) {
        Map<Integer, double[]> sums = new LinkedHashMap<>();
        for (Row r : runs) {
            double[] s = sums.computeIfAbsent(r.width(), w -> new double[2]);
            s[0] += value.applyAsDouble(r);
            s[1]++;
        }
        StringBuilder out = new StringBuilder();
        sums.forEach((w, s) -> out.append(out.length() == 0 ? "" : ", ").append("m = ").append(w).append(": ")
                .append(Table.number(s[0] / s[1])));
        return out.toString();
    }

    /**
     * The study's table: per activation, loss and width, the mean over seeds of D_inf at t = 0, 1e6
     * and the end, and the median time to D_inf = 1 and 2 with how many seeds got there.
     */
    public Table table() {
        Table table = new Table("activation", "loss", "m", "D_inf(0)", "D_inf(1e6)", "D_inf(end)", "t_end",
                "t(D_inf=1)", "t(D_inf=2)");
        for (String activation : design.activations()) {
            for (String loss : List.of("ce", "mse")) {
                for (int width : design.widths()) {
                    List<Row> runs = rows(activation, loss).stream().filter(r -> r.width() == width).toList();
                    table.row(activation, loss, width, mean(runs, Row::dInf0), mean(runs, Row::dInfMid),
                            mean(runs, Row::dInfEnd), median(runs.stream().mapToDouble(Row::tEnd).toArray()),
                            timeCell(runs, Row::tLevel1), timeCell(runs, Row::tLevel2));
                }
            }
        }
        return table;
    }

    /** Mean of the finite values, as text ("-" when there are none, e.g. every run stopped before 1e6). */
    private static String mean(List<Row> runs, java.util.function.ToDoubleFunction<Row> value) {
        double sum = 0;
        int k = 0;
        for (Row r : runs) {
            double v = value.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                sum += v;
                k++;
            }
        }
        return k == 0 ? "-" : Table.number(sum / k) + (k < runs.size() ? " (" + k + " of " + runs.size() + ")" : "");
    }

    private static String median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? "-" : Table.number(s.length % 2 == 1 ? s[s.length / 2]
                : Math.sqrt(s[s.length / 2 - 1] * s[s.length / 2]));
    }

    /** Median crossing time over the seeds that crossed, and "k/n" when not all did; "never" when none. */
    private static String timeCell(List<Row> runs, java.util.function.ToDoubleFunction<Row> value) {
        double[] reached = runs.stream().mapToDouble(value).filter(t -> !Double.isNaN(t)).toArray();
        if (reached.length == 0) {
            return "never";
        }
        return median(reached) + (reached.length < runs.size() ? " (" + reached.length + "/" + runs.size() + ")" : "");
    }

    /** Writes activation-study.csv. */
    void writeTable(Path dir) {
        CsvFile.write(dir.resolve(FILE), Row.COLUMNS, rows.stream().<List<?>>map(Row::cells).toList());
    }

    /** The answer in one paragraph, from the runs. */
    public String answer() {
        List<String> beyond = new ArrayList<>();
        List<String> order1 = new ArrayList<>();
        List<String> neither = new ArrayList<>();
        for (String activation : design.activations()) {
            List<Row> ce = rows(activation, "ce");
            boolean allTwo = ce.stream().allMatch(r -> !Double.isNaN(r.tLevel2()));
            double slope = widthSlope(ce, Row::supDInf);
            if (allTwo) {
                beyond.add(activation);
            } else if (slope >= Analysis.SHRINK_SLOPE) {
                order1.add(activation + " (sup_t D_inf " + perWidth(ce, Row::supDInf) + ")");
            } else {
                neither.add(activation);
            }
        }
        int widest = design.widths().get(design.widths().size() - 1);
        StringBuilder s = new StringBuilder("Does divergence need ReLU? Under cross-entropy ");
        s.append(beyond.isEmpty() ? "no activation's D_inf reached " + Table.number(STOP_LEVEL) + " in every run"
                : "D_inf reached " + Table.number(STOP_LEVEL) + " in every run for " + String.join(", ", beyond));
        if (!order1.isEmpty()) {
            s.append("; it stayed below that but did not shrink with the width for ").append(String.join("; ", order1));
        }
        if (!neither.isEmpty()) {
            s.append("; it shrank with the width for ").append(String.join(", ", neither));
        }
        s.append(". Squared loss: sup_t D_inf at m = ").append(widest).append(" is at most ")
                .append(Table.number(rows.stream().filter(r -> r.loss().equals("mse") && r.width() == widest)
                        .mapToDouble(Row::supDInf).max().orElse(Double.NaN)))
                .append(" (FCN L = ").append(design.base().depth()).append(", widths ").append(design.widths())
                .append(", seeds ").append(design.seeds()).append(", to t = ").append(Table.number(design.base().tMax()))
                .append(" or D_inf >= ").append(Table.number(STOP_LEVEL)).append(").");
        return s.toString();
    }

    /** The report section. */
    void section(HtmlReport report, Path dir) {
        report.section("Does divergence need ReLU?");
        report.paragraph("The paper's networks are ReLU networks, whose kinks the flow keeps crossing. Here the same "
                + "experiment (FCN L = " + design.base().depth() + " on the six circle points) is run with smooth "
                + "activations (erf, gelu, tanh) and the leaky ReLU beside ReLU, under cross-entropy and under "
                + "squared loss, at widths " + design.widths() + " and seeds " + design.seeds() + ", each to t = "
                + Table.number(design.base().tMax()) + " or to the first observation with D_inf >= "
                + Table.number(STOP_LEVEL) + " (--stop-at-d-inf). Each hidden layer is c_phi / sqrt(m) phi(h) with "
                + "c_phi^2 E[phi(z)^2] = 1, and D_inf is measured against that activation's own analytic NTK. "
                + "activation-study.csv holds one row per run; times to a level are interpolated in ln t between "
                + "observations (medians over the seeds that got there).");
        report.paragraph(answer());
        report.claims(verdicts.stream().map(Verdict::claimRow).toList());
        report.table(table());
        long seed = design.seeds().get(0);
        int widest = design.widths().get(design.widths().size() - 1);
        Chart chart = Chart.line("D_inf(t) at m = " + widest + ", seed " + seed
                        + ": cross-entropy (solid) and squared loss (dashed)", "flow time t",
                "D_inf = ||K_t - Theta||_F / ||Theta||_F").logX().logY();
        for (String activation : design.activations()) {
            Path ce = TrainTask.dir(dir, design.runName(activation, "ce", widest, seed));
            Path mse = TrainTask.dir(dir, design.runName(activation, "mse", widest, seed));
            if (!Files.isDirectory(ce) || !Files.isDirectory(mse)) {
                continue;
            }
            double[][] c = positive(Metrics.read(ce));
            double[][] s = positive(Metrics.read(mse));
            chart.series(activation + " ce", c[0], c[1]).dashedSeries(activation + " mse", activation + " ce", s[0], s[1]);
        }
        report.figure(chart.write(dir.resolve("activation-d-inf")), "D_inf(t) for each activation at the widest "
                + "width; a run ends at the first observation with D_inf >= " + Table.number(STOP_LEVEL) + ".");
    }

    /** (t, D_inf) at observations with t > 0 and D_inf > 0 (log axes). */
    private static double[][] positive(Metrics m) {
        double[] t = m.t();
        double[] d = m.column(D_INF);
        List<double[]> keep = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i] > 0 && d[i] > 0) {
                keep.add(new double[] {t[i], d[i]});
            }
        }
        double[][] out = new double[2][keep.size()];
        for (int i = 0; i < keep.size(); i++) {
            out[0][i] = keep.get(i)[0];
            out[1][i] = keep.get(i)[1];
        }
        return out;
    }
}
