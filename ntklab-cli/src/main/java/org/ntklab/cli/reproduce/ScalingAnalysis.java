package org.ntklab.cli.reproduce;

import static org.ntklab.metrics.KernelDistance.D_INF;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ntklab.cli.report.Chart;
import org.ntklab.cli.report.Claim;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.Json;
import org.ntklab.io.InvalidInputException;
import org.ntklab.metrics.FlowTime;
import org.ntklab.metrics.WallClock;
import org.ntklab.scaling.Collapse;
import org.ntklab.scaling.TimeToLevel;
import org.ntklab.scaling.WidthLaw;

/**
 * The width law from finished training runs: each cross-entropy run's time to reach every level
 * of D_inf, the competing laws t_c(m) fitted per architecture and level with bootstrap intervals,
 * and the claims they support. Reads any directory tree of train runs (a {@code reproduce scaling}
 * run directory, or the output root of {@code ntklab sweep sweeps/scaling.yaml}).
 */
final class ScalingAnalysis {
    static final String TIME_TO_LEVEL_FILE = "time-to-level.csv";
    static final String FITS_FILE = "scaling-fits.csv";
    static final List<String> TIME_TO_LEVEL_COLUMNS =
            List.of("arch", "depth", "alpha", "width", "seed", "level", "level_kind", "t_level");
    static final List<String> FITS_COLUMNS =
            List.of("arch", "depth", "level", "model", "parameter", "estimate", "ci_low", "ci_high", "loo_error");
    /** Bootstrap replicates of every fit. */
    static final int REPLICATES = 1000;
    /** A law "fits as well as the best" when its leave-one-width-out error is at most this multiple of the best one's. */
    static final double AS_GOOD = 1.5;

    /** One train run found on disk. */
    record RunData(String arch, int depth, double alpha, String loss, int width, long seed, double[] t, double[] dInf,
                   double steps, double wallSeconds) {
        String group() {
            return arch + " L = " + depth + (arch.equals("resnet") ? ", alpha = " + alpha : "");
        }
    }

    /** One fitted law's parameter for one architecture and level. */
    record FitRow(String group, String arch, int depth, String level, WidthLaw.Estimate estimate) {
    }

    final List<RunData> runs;
    final List<List<?>> timeToLevel = new ArrayList<>();
    final List<FitRow> fits = new ArrayList<>();
    final List<Claim> claims = new ArrayList<>();
    final Map<String, Table> medianTables = new LinkedHashMap<>();
    /** Per architecture: gamma, its interval, amplitude residual, kappa, its interval, shift residual. */
    final Map<String, double[]> collapses = new LinkedHashMap<>();
    private final Map<String, List<Collapse.Curve>> collapsedCurves = new LinkedHashMap<>();
    private final Map<String, double[]> shifts = new LinkedHashMap<>();

    private ScalingAnalysis(List<RunData> runs) {
        this.runs = runs;
    }

    /** Finds every train run under {@code root} and analyses it; writes nothing. */
    static ScalingAnalysis of(Path root) {
        List<RunData> runs = find(root);
        if (runs.isEmpty()) {
            throw new InvalidInputException(root + " holds no finished train runs (run.json with metrics.csv)");
        }
        ScalingAnalysis a = new ScalingAnalysis(runs);
        a.analyse();
        return a;
    }

    private static List<RunData> find(Path root) {
        List<RunData> found = new ArrayList<>();
        // hidden directories are runs in progress or left by a killed command, not finished runs
        try (Stream<Path> files = Files.find(root, 4, (p, attrs) -> p.getFileName().toString().equals("run.json")
                && java.util.stream.StreamSupport.stream(root.relativize(p).spliterator(), false)
                .noneMatch(part -> part.toString().startsWith(".")))) {
            for (Path record : files.sorted().toList()) {
                Path metrics = record.resolveSibling("metrics.csv");
                if (!Files.isRegularFile(metrics)) {
                    continue;
                }
                JsonNode json = Json.MAPPER.readTree(record.toFile());
                String status = json.path("results").path("status").asText("");
                if (!status.equals("complete") && !status.equals("stopped")) {
                    continue; // running, interrupted or failed: its curve is cut short for no reason of its own
                }
                JsonNode c = json.path("config");
                if (!c.has("arch") || !c.has("width") || !c.has("loss")) {
                    continue;
                }
                CsvFile csv = CsvFile.read(metrics);
                if (!csv.hasColumn(D_INF) || csv.rows() == 0) {
                    continue;
                }
                found.add(new RunData(c.path("arch").asText(), c.path("depth").asInt(), c.path("alpha").asDouble(1.0),
                        c.path("loss").asText(), c.path("width").asInt(), c.path("seed").asLong(),
                        csv.column(FlowTime.T), csv.columnOrNaN(D_INF), last(csv, FlowTime.STEP),
                        last(csv, WallClock.WALL_SECONDS)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading runs under " + root + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(RunData::arch).thenComparingInt(RunData::depth).thenComparing(RunData::loss)
                .thenComparingInt(RunData::width).thenComparingLong(RunData::seed));
        return found;
    }

    /** The last value of a column (NaN when the table has no such column). */
    private static double last(CsvFile csv, String column) {
        if (!csv.hasColumn(column)) {
            return Double.NaN;
        }
        double[] values = csv.columnOrNaN(column);
        return values[values.length - 1];
    }

    /**
     * What the runs cost, per architecture, loss and width: runs, median steps, median and longest
     * run time (wall time of each run, cumulative over its resumptions), and the sum in core-hours.
     */
    Table costTable() {
        Table table = new Table("runs", "loss", "width", "count", "median steps", "median run time (min)",
                "longest (min)", "sum (core-hours)");
        Map<String, List<RunData>> cells = new LinkedHashMap<>();
        for (RunData r : runs) {
            cells.computeIfAbsent(r.group() + "|" + r.loss() + "|" + r.width(), k -> new ArrayList<>()).add(r);
        }
        for (List<RunData> cell : cells.values()) {
            RunData first = cell.get(0);
            double[] steps = cell.stream().mapToDouble(RunData::steps).toArray();
            double[] minutes = cell.stream().mapToDouble(r -> r.wallSeconds() / 60).toArray();
            table.row(first.group(), first.loss(), first.width(), cell.size(), Table.number(median(steps)),
                    Table.number(median(minutes)), Table.number(Arrays.stream(minutes).max().orElse(Double.NaN)),
                    Table.number(Arrays.stream(minutes).sum() / 60));
        }
        return table;
    }

    /** Sum of the run times in hours, and the longest run in hours: the cost on one core, and the wall time on many. */
    double[] totalAndLongestHours() {
        double sum = runs.stream().mapToDouble(RunData::wallSeconds).sum() / 3600;
        double longest = runs.stream().mapToDouble(RunData::wallSeconds).max().orElse(Double.NaN) / 3600;
        return new double[] {sum, longest};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private void analyse() {
        Map<String, List<RunData>> ce = new LinkedHashMap<>();
        Map<String, List<RunData>> mse = new LinkedHashMap<>();
        for (RunData r : runs) {
            (r.loss().equals("ce") ? ce : mse).computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
            if (!r.loss().equals("ce")) {
                continue;
            }
            for (double level : TimeToLevel.ABSOLUTE_LEVELS) {
                timeToLevel.add(List.of(r.arch(), r.depth(), r.alpha(), r.width(), r.seed(), level, "absolute",
                        cell(TimeToLevel.crossing(r.t(), r.dInf(), level))));
            }
            for (double k : TimeToLevel.RELATIVE_LEVELS) {
                timeToLevel.add(List.of(r.arch(), r.depth(), r.alpha(), r.width(), r.seed(), k, "relative",
                        cell(TimeToLevel.crossing(r.t(), r.dInf(), k * r.dInf()[0]))));
            }
        }
        for (Map.Entry<String, List<RunData>> e : ce.entrySet()) {
            analyseGroup(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, List<RunData>> e : mse.entrySet()) {
            double sup = e.getValue().stream().mapToDouble(r -> maxFinite(r.dInf())).max().orElse(Double.NaN);
            double sup0 = e.getValue().stream().mapToDouble(r -> r.dInf()[0]).max().orElse(Double.NaN);
            claims.add(new Claim(e.getKey() + ", squared loss (control): no run reaches D_inf = 1 (the level the "
                    + "cross-entropy runs reach at every width)",
                    e.getValue().size() + " runs (widths " + widths(e.getValue()) + "): largest D_inf over all times "
                            + Table.number(sup) + " (largest D_inf(0) " + Table.number(sup0) + ")", sup < 1));
        }
    }

    private void analyseGroup(String group, List<RunData> runs) {
        RunData first = runs.get(0);
        TreeMap<Integer, List<RunData>> byWidth = new TreeMap<>();
        runs.forEach(r -> byWidth.computeIfAbsent(r.width(), w -> new ArrayList<>()).add(r));
        double[] widths = byWidth.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        Table medians = new Table("level", "width", "seeds reached", "median t_c", "min t_c", "max t_c");
        List<String> levels = new ArrayList<>();
        for (double level : TimeToLevel.ABSOLUTE_LEVELS) {
            levels.add(Table.number(level));
        }
        for (double k : TimeToLevel.RELATIVE_LEVELS) {
            levels.add(Table.number(k) + "xD0");
        }
        Map<String, double[][]> lnTByLevel = new LinkedHashMap<>();
        for (String label : levels) {
            boolean relative = label.endsWith("xD0");
            double level = Double.parseDouble(relative ? label.substring(0, label.length() - 3) : label);
            double[][] lnT = new double[widths.length][];
            int w = 0;
            for (List<RunData> atWidth : byWidth.values()) {
                lnT[w] = atWidth.stream().mapToDouble(r -> Math.log(TimeToLevel.crossing(r.t(), r.dInf(),
                        relative ? level * r.dInf()[0] : level))).toArray();
                double[] reached = java.util.Arrays.stream(lnT[w]).filter(Double::isFinite).sorted().toArray();
                medians.row(label, (int) widths[w], reached.length + " of " + lnT[w].length,
                        Math.exp(WidthLaw.medianOfReached(lnT[w])),
                        reached.length == 0 ? Double.NaN : Math.exp(reached[0]),
                        reached.length == 0 ? Double.NaN : Math.exp(reached[reached.length - 1]));
                w++;
            }
            lnTByLevel.put(label, lnT);
            for (WidthLaw.Estimate est : WidthLaw.analyse(widths, lnT, REPLICATES, 1)) {
                fits.add(new FitRow(group, first.arch(), first.depth(), label, est));
            }
        }
        medianTables.put(group, medians);
        claimsFor(group, widths, lnTByLevel);
        collapseClaim(group, byWidth);
    }

    /** Late window of the collapses: the first decades are the initial transient (D_inf near D_inf(0)). */
    static final double LATE_FROM = 100;
    /** Bootstrap replicates of the collapse exponents (each a search over shifts). */
    static final int COLLAPSE_REPLICATES = 200;

    /** Median over seeds of D_inf at each observation (the runs share the observation times). */
    private static Collapse.Curve medianCurve(int width, List<RunData> runs) {
        RunData longest = runs.stream().max(Comparator.comparingInt(r -> r.t().length)).orElseThrow();
        double[] d = new double[longest.t().length];
        for (int i = 0; i < d.length; i++) {
            double[] values = new double[runs.size()];
            for (int s = 0; s < runs.size(); s++) {
                double[] ds = runs.get(s).dInf();
                values[s] = i < ds.length ? ds[i] : Double.NaN;
            }
            d[i] = WidthLaw.medianOfReached(values);
        }
        return new Collapse.Curve(width, longest.t(), d);
    }

    private void collapseClaim(String group, TreeMap<Integer, List<RunData>> byWidth) {
        if (byWidth.size() < 3) {
            return;
        }
        List<Collapse.Curve> curves = new ArrayList<>();
        byWidth.forEach((w, rs) -> curves.add(medianCurve(w, rs)));
        Collapse.Fit amplitude = Collapse.amplitude(curves, LATE_FROM);
        Collapse.Fit shift = Collapse.shift(curves, LATE_FROM);
        double[] common = Collapse.onCommonPoints(curves, amplitude, shift, LATE_FROM);
        // intervals: seeds resampled within each width, medians and both collapses refitted
        java.util.Random random = new java.util.Random(2);
        double[] gammas = new double[COLLAPSE_REPLICATES];
        double[] kappas = new double[COLLAPSE_REPLICATES];
        for (int r = 0; r < COLLAPSE_REPLICATES; r++) {
            List<Collapse.Curve> resampled = new ArrayList<>();
            byWidth.forEach((w, rs) -> {
                List<RunData> sample = new ArrayList<>();
                for (int k = 0; k < rs.size(); k++) {
                    sample.add(rs.get(random.nextInt(rs.size())));
                }
                resampled.add(medianCurve(w, sample));
            });
            gammas[r] = -Collapse.amplitude(resampled, LATE_FROM).slope();
            kappas[r] = Collapse.shift(resampled, LATE_FROM).slope();
        }
        java.util.Arrays.sort(gammas);
        java.util.Arrays.sort(kappas);
        collapsedCurves.put(group, curves);
        shifts.put(group, shift.perWidth());
        collapses.put(group, new double[] {-amplitude.slope(), percentile(gammas, 0.025), percentile(gammas, 0.975),
                amplitude.residualRms(), shift.slope(), percentile(kappas, 0.025), percentile(kappas, 0.975),
                shift.residualRms()});
        claims.add(new Claim(group + ": the curves D_inf(t) of different widths are one curve delayed (shift "
                + "collapse, D_inf(t, m) = H(t / g(m))) rather than one curve scaled down (amplitude collapse, "
                + "D_inf(t, m) = m^-gamma H(t)): the shift leaves the smaller residual over t >= "
                + Table.number(LATE_FROM),
                "residual RMS of ln D_inf on the " + (int) common[2] + " late points where both can be evaluated: "
                        + "shift " + Table.number(common[1]) + ", amplitude " + Table.number(common[0])
                        + " (each on all its own points: shift " + Table.number(shift.residualRms()) + " over "
                        + shift.points() + ", amplitude " + Table.number(amplitude.residualRms()) + " over "
                        + amplitude.points() + "); ln g(m) ~ kappa ln m, kappa = " + Table.number(shift.slope()) + " ["
                        + Table.number(percentile(kappas, 0.025)) + ", " + Table.number(percentile(kappas, 0.975))
                        + "]; amplitude ~ m^-gamma, gamma = " + Table.number(-amplitude.slope()) + " ["
                        + Table.number(percentile(gammas, 0.025)) + ", " + Table.number(percentile(gammas, 0.975))
                        + "]", common[2] > 0 && common[1] < common[0]));
    }

    /** The p-quantile of the finite values among sorted ones (bootstrap replicates whose fit failed are NaN). */
    private static double percentile(double[] sorted, double p) {
        return WidthLaw.percentile(java.util.Arrays.stream(sorted).filter(Double::isFinite).toArray(), p);
    }

    private void claimsFor(String group, double[] widths, Map<String, double[][]> lnTByLevel) {
        for (String level : List.of("1", "2")) {
            double[][] lnT = lnTByLevel.get(level);
            int everyWidth = 0;
            for (double[] atWidth : lnT) {
                everyWidth += Double.isFinite(WidthLaw.medianOfReached(atWidth)) ? 1 : 0;
            }
            claims.add(new Claim(group + ", cross-entropy: D_inf reaches " + level + " at every width (median over "
                    + "seeds finite: at least half the seeds reached it)",
                    everyWidth + " of " + widths.length + " widths (" + (int) widths[0] + " to "
                            + (int) widths[widths.length - 1] + ")", everyWidth == widths.length));
            List<FitRow> rows = fits.stream().filter(f -> f.group().equals(group) && f.level().equals(level)).toList();
            WidthLaw.Estimate k = estimate(rows, WidthLaw.Model.POWER, "k");
            if (k == null) {
                continue;
            }
            claims.add(new Claim(group + ": the time to reach D_inf = " + level + " grows with the width "
                    + "(fitted power-law exponent k > 0, its 95% bootstrap interval above 0)",
                    "k = " + Table.number(k.estimate()) + " [" + Table.number(k.low()) + ", " + Table.number(k.high())
                            + "]", k.low() > 0));
            WidthLaw.Estimate beta = estimate(rows, WidthLaw.Model.STRETCHED_EXP, "beta");
            WidthLaw.Estimate quad = estimate(rows, WidthLaw.Model.LOG_QUADRATIC, "q");
            if (beta == null || !Double.isFinite(beta.looError()) || !Double.isFinite(k.looError())) {
                continue; // too few widths to leave one out and still fit a three-parameter law
            }
            double best = Math.min(k.looError(), Math.min(beta.looError(),
                    quad == null || !Double.isFinite(quad.looError()) ? Double.POSITIVE_INFINITY : quad.looError()));
            String evidence = "leave-one-width-out RMS error in ln t_c: power " + Table.number(k.looError())
                    + (beta == null ? "" : ", stretched-exp " + Table.number(beta.looError()) + " (beta = "
                    + Table.number(beta.estimate()) + " [" + Table.number(beta.low()) + ", " + Table.number(beta.high())
                    + "])")
                    + (quad == null ? "" : ", log-quadratic " + Table.number(quad.looError()) + " (q = "
                    + Table.number(quad.estimate()) + " [" + Table.number(quad.low()) + ", " + Table.number(quad.high())
                    + "])");
            claims.add(new Claim(group + ", level " + level + ": a power law t_c ~ m^k predicts left-out widths "
                    + "as well as the best competing law (its error at most " + AS_GOOD + "x the best)",
                    evidence, k.looError() <= AS_GOOD * best));
        }
    }

    /**
     * Per architecture, what the best-predicting law says about sup_t D_inf: a level c reached in a
     * finite time t_c(m) at every measured width, and a law finite for every m, mean sup_t D_inf >= c
     * at every width (the paper's claim), however late; stated with the law's numbers.
     */
    List<String> implications() {
        List<String> out = new ArrayList<>();
        Map<String, List<FitRow>> byGroup = new LinkedHashMap<>();
        fits.forEach(f -> byGroup.computeIfAbsent(f.group(), g -> new ArrayList<>()).add(f));
        for (Map.Entry<String, List<FitRow>> e : byGroup.entrySet()) {
            StringBuilder text = new StringBuilder(e.getKey() + ": ");
            boolean any = false;
            for (String level : List.of("1", "2", "5", "10")) {
                List<FitRow> rows = e.getValue().stream().filter(f -> f.level().equals(level)).toList();
                WidthLaw.Estimate best = rows.stream().map(FitRow::estimate).filter(x -> Double.isFinite(x.looError()))
                        .min(Comparator.comparingDouble(WidthLaw.Estimate::looError)).orElse(null);
                if (best == null) {
                    continue;
                }
                List<WidthLaw.Estimate> law = rows.stream().map(FitRow::estimate).filter(x -> x.model() == best.model())
                        .toList();
                double[] p = law.stream().mapToDouble(WidthLaw.Estimate::estimate).toArray();
                double at20 = WidthLaw.predict(best.model(), p, 1 << 20);
                text.append(any ? "; " : "").append("D_inf = ").append(level).append(": best law ")
                        .append(best.model().id).append(" (").append(describe(law)).append(", leave-one-width-out error ")
                        .append(Table.number(best.looError())).append(" in ln t), which predicts ln t_c = ")
                        .append(Table.number(at20)).append(" at m = 2^20");
                any = true;
            }
            if (any) {
                text.append(". Each law is finite at every width: if it holds beyond the widths measured, every "
                        + "level is reached at every width, so sup over all t of D_inf is at least that level for every "
                        + "m (the paper's divergence, with no width-independent upper bound below it), while the time "
                        + "it takes grows faster than any power of m where the stretched exponential is the best law. "
                        + "Over a fixed horizon, by contrast, D_inf falls with the width.");
                out.add(text.toString());
            }
        }
        if (out.isEmpty()) {
            out.add("Too few widths to fit and compare the laws (five or more are needed).");
        }
        return out;
    }

    private static String describe(List<WidthLaw.Estimate> law) {
        List<String> parts = new ArrayList<>();
        for (WidthLaw.Estimate x : law) {
            parts.add(x.parameter() + " = " + Table.number(x.estimate()) + " [" + Table.number(x.low()) + ", "
                    + Table.number(x.high()) + "]");
        }
        return String.join(", ", parts);
    }

    private static WidthLaw.Estimate estimate(List<FitRow> rows, WidthLaw.Model model, String parameter) {
        return rows.stream().map(FitRow::estimate).filter(e -> e.model() == model && e.parameter().equals(parameter))
                .findFirst().orElse(null);
    }

    private static String widths(List<RunData> runs) {
        return String.join(", ", runs.stream().map(r -> String.valueOf(r.width())).distinct().toList());
    }

    private static double maxFinite(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x)) {
                m = Math.max(m, x);
            }
        }
        return m;
    }

    private static Object cell(double v) {
        return Double.isFinite(v) ? v : "";
    }

    /** Writes time-to-level.csv, scaling-fits.csv and the figures into {@code dir}; returns the figures. */
    List<Chart.Figure> write(Path dir) {
        CsvFile.write(dir.resolve(TIME_TO_LEVEL_FILE), TIME_TO_LEVEL_COLUMNS, timeToLevel);
        List<List<?>> rows = new ArrayList<>();
        for (FitRow f : fits) {
            WidthLaw.Estimate e = f.estimate();
            rows.add(List.of(f.arch(), f.depth(), f.level(), e.model().id, e.parameter(), e.estimate(), cell(e.low()),
                    cell(e.high()), cell(e.looError())));
        }
        CsvFile.write(dir.resolve(FITS_FILE), FITS_COLUMNS, rows);
        List<Chart.Figure> figures = new ArrayList<>();
        Map<String, List<RunData>> ce = new LinkedHashMap<>();
        runs.stream().filter(r -> r.loss().equals("ce")).forEach(r -> ce.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r));
        int index = 0;
        for (Map.Entry<String, List<RunData>> e : ce.entrySet()) {
            index++;
            figures.add(timeToLevelFigure(dir, index, e.getKey(), e.getValue()));
            figures.add(dInfFigure(dir, index, e.getKey(), e.getValue()));
            if (collapsedCurves.containsKey(e.getKey())) {
                figures.add(collapseFigure(dir, index, e.getKey()));
            }
        }
        return figures;
    }

    private Chart.Figure timeToLevelFigure(Path dir, int index, String group, List<RunData> runs) {
        Chart chart = Chart.line(group + ": time to reach D_inf = c (median over seeds) against the width",
                "width m", "t_c").logX().logY().markers();
        for (String level : List.of("1", "2", "5")) {
            TreeMap<Integer, List<Double>> byWidth = new TreeMap<>();
            double c = Double.parseDouble(level);
            for (RunData r : runs) {
                byWidth.computeIfAbsent(r.width(), w -> new ArrayList<>()).add(Math.log(TimeToLevel.crossing(r.t(), r.dInf(), c)));
            }
            List<double[]> points = new ArrayList<>();
            byWidth.forEach((w, values) -> {
                double med = WidthLaw.medianOfReached(values.stream().mapToDouble(Double::doubleValue).toArray());
                if (Double.isFinite(med)) {
                    points.add(new double[] {w, Math.exp(med)});
                }
            });
            if (points.size() >= 2) {
                chart.series("D_inf = " + level, points.stream().mapToDouble(p -> p[0]).toArray(),
                        points.stream().mapToDouble(p -> p[1]).toArray());
                for (WidthLaw.Model model : List.of(WidthLaw.Model.POWER, WidthLaw.Model.STRETCHED_EXP)) {
                    double[] m = points.stream().mapToDouble(p -> p[0]).toArray();
                    if (m.length < model.minPoints) {
                        continue;
                    }
                    WidthLaw.Fit fit = WidthLaw.fit(model, m, points.stream().mapToDouble(p -> Math.log(p[1])).toArray());
                    // the fitted law on a fine grid of widths, so that it shows between the measured ones
                    double[] grid = java.util.stream.IntStream.rangeClosed(0, 64)
                            .mapToDouble(i -> m[0] * Math.pow(m[m.length - 1] / m[0], i / 64.0)).toArray();
                    double[] curve = java.util.Arrays.stream(grid).map(x -> Math.exp(Math.min(700, fit.predict(x)))).toArray();
                    chart.dashedSeries(model.id + " fit, c = " + level, "D_inf = " + level, grid, curve);
                }
            }
        }
        return chart.write(dir.resolve("scaling-" + index + "-time-to-level"));
    }

    /** The median curves against t / g(m), g from the shift collapse: one curve if the shift holds. */
    private Chart.Figure collapseFigure(Path dir, int index, String group) {
        Chart chart = Chart.line(group + ": D_inf against t / g(m) (shift collapse, template m = "
                + (int) collapsedCurves.get(group).get(0).width() + ")", "t / g(m)", "D_inf").logX().logY();
        List<Collapse.Curve> curves = collapsedCurves.get(group);
        double[] s = shifts.get(group);
        for (int w = 0; w < curves.size(); w++) {
            Collapse.Curve c = curves.get(w);
            double shift = w == 0 ? 0 : s[w];
            if (!Double.isFinite(shift)) {
                continue;
            }
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < c.t().length; i++) {
                if (c.t()[i] > 0 && c.d()[i] > 0) {
                    points.add(new double[] {c.t()[i] * Math.exp(-shift), c.d()[i]});
                }
            }
            chart.series("m = " + (int) c.width(), points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray());
        }
        return chart.write(dir.resolve("scaling-" + index + "-collapse"));
    }

    private Chart.Figure dInfFigure(Path dir, int index, String group, List<RunData> runs) {
        Chart chart = Chart.line(group + ": D_inf(t), median over seeds, every width", "flow time t", "D_inf")
                .logX().logY();
        TreeMap<Integer, List<RunData>> byWidth = new TreeMap<>();
        runs.forEach(r -> byWidth.computeIfAbsent(r.width(), w -> new ArrayList<>()).add(r));
        byWidth.forEach((w, atWidth) -> {
            RunData longest = atWidth.stream().max(Comparator.comparingInt(r -> r.t().length)).orElseThrow();
            List<double[]> points = new ArrayList<>();
            for (int i = 1; i < longest.t().length; i++) {
                double[] values = new double[atWidth.size()];
                for (int s = 0; s < atWidth.size(); s++) {
                    double[] d = atWidth.get(s).dInf();
                    values[s] = i < d.length ? Math.log(d[i]) : Double.NaN;
                }
                double med = WidthLaw.medianOfReached(values);
                if (Double.isFinite(med)) {
                    points.add(new double[] {longest.t()[i], Math.exp(med)});
                }
            }
            chart.series("m = " + w, points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray());
        });
        return chart.write(dir.resolve("scaling-" + index + "-d-inf"));
    }
}
