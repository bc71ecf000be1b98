package org.ntklab.cli.reproduce;

import static org.ntklab.metrics.Fit.LOSS;
import static org.ntklab.metrics.KernelDistance.D_INF;
import static org.ntklab.metrics.KernelMachineAgreement.KERNEL_GAP;
import static org.ntklab.metrics.KernelSpectrum.LAMBDA_MIN;
import static org.ntklab.metrics.OutputSize.MAX_ABS_F;
import static org.ntklab.metrics.ParameterMotion.THETA_DIST;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.train.Outputs;
import org.ntklab.cli.train.TrainClaims;
import org.ntklab.data.DataSpec;
import org.ntklab.linalg.LinearFit;

/**
 * The evidence of a reproduce synthetic/mnist run: numbers and verdicts, no prose. Computed from
 * the files in its directory alone (the CSV tables and the sub-runs' metrics.csv and .npy files),
 * so that {@code ntklab report} and the tests can recompute every verdict. Thresholds are
 * constants, here and in {@link TrainClaims}; {@link ClaimWording} states the claims in words.
 */
public final class Analysis {
    public static final String SWEEP_FILE = "width-sweep.csv";
    public static final String VERDICTS_FILE = Verdict.FILE;
    /** sup_t D_inf "shrinks with width" when its fitted log-log slope against m is below this. */
    public static final double SHRINK_SLOPE = -0.25;
    /** Cross-entropy: sup_t D_inf at every width at least this (the kernel moved by more than Theta's size). */
    public static final double CE_SUP_FLOOR = 1;
    /** Cross-entropy: the gap to the kernel machine at t_max at least this (targets are 0 and 1). */
    public static final double CE_GAP_FLOOR = 1;
    /** Cross-entropy: the gap at t_max at least this times the squared-loss run's sup_t gap at the same width. */
    public static final double CE_OVER_MSE_GAP = 10;
    /** Fig. 2: the initial kernel profile converges to the analytic one when its error's slope is below this. */
    public static final double PROFILE_SLOPE = -0.25;
    /** Fig. 3: the profile "moves away" when its change exceeds this many times its initial error. */
    public static final double PROFILE_MOVE = 2;
    /** Item 1 against distance: the log-log slope of lambda_min is fitted over distances up to this. */
    public static final double NEAR_DISTANCE = 0.1;

    /** Item 1: lambda_min of Theta at the depth where it is smallest, for one architecture. */
    public record LowestEigenvalue(String arch, double lambdaMin, int depth) {
    }

    /** Item 1 on one data set ({@code label}: circle or mnist): every lambda_min above round-off. */
    public record PositiveDefinite(String label, List<LowestEigenvalue> lowest, boolean held) {
    }

    /** Item 1 against the distance of two inputs, for one architecture: the log-log slope of lambda_min. */
    public record DistanceSlope(String arch, double slope, double lambdaMinAtSmallest, double smallest) {
    }

    /** Item 1 against distance: the slopes, and whether every lambda_min stayed above round-off. */
    public record DistanceLaw(List<DistanceSlope> perArch, boolean aboveRoundOff) {
        public boolean held() {
            return aboveRoundOff && perArch.stream().allMatch(a -> a.slope() > 0);
        }
    }

    /** Fig. 2: sup |K_0 - Theta| / sup Theta per width and its fitted log-log slope against m. */
    public record InitConvergence(List<Integer> widths, double[] errors, double slope) {
        public boolean held() {
            return slope < PROFILE_SLOPE;
        }
    }

    /** Fig. 4 on one pair: |K_T - Theta|, |K_0 - Theta| and the relative change over the last decade of t. */
    public record PairDrift(int[] pair, double drift, double start, double lastDecade) {
    }

    /** Fig. 4: every pair moved away (beyond its initial noise) and still changes by {@code settle}. */
    public record PairsDrift(List<PairDrift> pairs, double settle) {
        public boolean held() {
            return pairs.stream().allMatch(p -> p.drift() > PROFILE_MOVE * p.start() && p.lastDecade() >= settle);
        }
    }

    private final Path dir;
    private final Plan plan;
    private final List<SweepRow> rows = new ArrayList<>();
    private final Map<String, PositiveDefinite> positiveDefinite = new LinkedHashMap<>();
    private DistanceLaw distance;
    private FigureMeasures.OutputGrowth fig1;
    private InitConvergence fig2;
    private FigureMeasures.ProfileMove fig3;
    /** Fig. 3 over the width sweep's long horizon, or null when the plan has no profile sweep. */
    private FigureMeasures.ProfileMove fig3Long;
    private PairsDrift fig4;
    private final List<SweepEvidence> sweeps = new ArrayList<>();
    /** The study "Does divergence need ReLU?", or null when the plan has none. */
    private ActivationStudy activationStudy;

    private Analysis(Path dir, Plan plan) {
        this.dir = dir;
        this.plan = plan;
    }

    public static Analysis of(Path dir, Plan plan) {
        Analysis a = new Analysis(dir, plan);
        a.compute();
        return a;
    }

    public Plan plan() {
        return plan;
    }

    /** Item 1 on {@code label}'s inputs (circle or mnist), or null when the plan has none. */
    public PositiveDefinite positiveDefinite(String label) {
        return positiveDefinite.get(label);
    }

    public DistanceLaw distance() {
        return distance;
    }

    public FigureMeasures.OutputGrowth fig1() {
        return fig1;
    }

    public InitConvergence fig2() {
        return fig2;
    }

    public FigureMeasures.ProfileMove fig3() {
        return fig3;
    }

    public FigureMeasures.ProfileMove fig3Long() {
        return fig3Long;
    }

    public PairsDrift fig4() {
        return fig4;
    }

    public List<SweepEvidence> sweeps() {
        return List.copyOf(sweeps);
    }

    /** Every claim with its verdict, in words ({@link ClaimWording}). */
    public List<Verdict> verdicts() {
        return ClaimWording.verdicts(this);
    }

    /** Sub-runs that stopped before t-max (the step budget ran out), with the flow time reached. */
    public Map<String, Double> stoppedRuns() {
        Map<String, Double> stopped = new LinkedHashMap<>();
        try (var runs = Files.list(dir.resolve("runs"))) {
            for (Path run : runs.sorted().toList()) {
                if (run.getFileName().toString().startsWith(".")) {
                    continue; // a run set aside by a resumed reproduction
                }
                RunRecord record = RunRecord.read(run.resolve(RunRecord.FILE_NAME));
                if (!"complete".equals(record.results().path("status").asText())) {
                    stopped.put(run.getFileName().toString(), record.results().path("t").asDouble());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return stopped;
    }

    public List<SweepRow> rows() {
        return List.copyOf(rows);
    }

    public List<SweepRow> rows(String sweep) {
        return rows.stream().filter(r -> r.sweep().equals(sweep)).toList();
    }

    private void compute() {
        if (plan.config.synthetic()) {
            positiveDefinite.put("circle", lowestEigenvalues("circle"));
            distance = distanceLaw();
            fig1 = FigureMeasures.OutputGrowth.of(Outputs.read(TrainTask.dir(dir, plan.fig1RunName())),
                    DataSpec.parse(plan.fig1.data()).load(plan.fig1.seed()).train());
            fig2 = initConvergence();
            fig3 = profileMove(TrainTask.dir(dir, plan.fig1RunName()));
            Plan.Sweep sweep = plan.profileSweep();
            if (sweep != null) {
                fig3Long = profileMove(TrainTask.dir(dir, sweep.runName("ce", sweep.profileWidth(), plan.seed)));
            }
        }
        if (plan.config.mnist()) {
            positiveDefinite.put("mnist", lowestEigenvalues("mnist"));
            fig4 = pairsDrift();
        }
        for (Plan.Sweep sweep : plan.sweeps) {
            for (String loss : List.of("ce", "mse")) {
                for (int width : sweep.widths()) {
                    for (long seed : sweep.seeds()) {
                        rows.add(SweepRow.read(dir, sweep, loss, width, seed));
                    }
                }
            }
            sweeps.add(SweepEvidence.of(dir, sweep, rows(sweep.id())));
        }
        if (plan.activationStudy != null) {
            activationStudy = ActivationStudy.of(dir, plan.activationStudy);
        }
    }

    /** The study "Does divergence need ReLU?" (its verdicts are its own, not among {@link #verdicts()}), or null. */
    public ActivationStudy activationStudy() {
        return activationStudy;
    }

    /** Writes width-sweep.csv and verdicts.csv (and the activation study's table). */
    public void writeTables() {
        CsvFile.write(dir.resolve(SWEEP_FILE), SweepRow.COLUMNS, rows.stream().<List<?>>map(SweepRow::cells).toList());
        Verdict.write(dir, verdicts());
        if (activationStudy != null) {
            activationStudy.writeTable(dir);
        }
    }

    /** The console table: item, short claim, evidence, verdict. */
    public org.ntklab.cli.report.Table table() {
        return Verdict.table(verdicts());
    }

    // ---- item 1 ----

    private PositiveDefinite lowestEigenvalues(String label) {
        CsvFile csv = CsvFile.read(dir.resolve(AnalyticTasks.DEPTH_FILE_PREFIX + label + ".csv"));
        double[] depth = csv.column("depth");
        double[] lambdaMin = csv.column("lambda_min");
        double[] lambdaMax = csv.column("lambda_max");
        double[] n = csv.column("n");
        List<String> archs = csv.text("arch");
        boolean held = true;
        List<LowestEigenvalue> lowest = new ArrayList<>();
        for (String arch : AnalyticTasks.ARCHS) {
            double low = Double.POSITIVE_INFINITY;
            int at = -1;
            for (int i = 0; i < depth.length; i++) {
                if (archs.get(i).equals(arch)) {
                    double roundOff = n[i] * Math.ulp(1.0) * lambdaMax[i];
                    held &= lambdaMin[i] > roundOff;
                    if (lambdaMin[i] < low) {
                        low = lambdaMin[i];
                        at = (int) depth[i];
                    }
                }
            }
            lowest.add(new LowestEigenvalue(arch, low, at));
        }
        return new PositiveDefinite(label, lowest, held);
    }

    private DistanceLaw distanceLaw() {
        CsvFile csv = CsvFile.read(dir.resolve(AnalyticTasks.DISTANCE_FILE));
        double[] distance = csv.column("distance");
        double[] lambdaMin = csv.column("lambda_min");
        double[] lambdaMax = csv.column("lambda_max");
        List<String> archs = csv.text("arch");
        boolean aboveRoundOff = true;
        List<DistanceSlope> perArch = new ArrayList<>();
        for (String arch : AnalyticTasks.ARCHS) {
            List<double[]> points = new ArrayList<>();
            double smallest = Double.POSITIVE_INFINITY;
            double atSmallest = Double.NaN;
            for (int i = 0; i < distance.length; i++) {
                if (archs.get(i).equals(arch)) {
                    // the six circle points: n eps lambda_max is the round-off level
                    aboveRoundOff &= lambdaMin[i] > 6 * Math.ulp(1.0) * lambdaMax[i];
                    if (distance[i] <= NEAR_DISTANCE) {
                        points.add(new double[] {Math.log(distance[i]), Math.log(lambdaMin[i])});
                    }
                    if (distance[i] < smallest) {
                        smallest = distance[i];
                        atSmallest = lambdaMin[i];
                    }
                }
            }
            perArch.add(new DistanceSlope(arch, points.size() >= 2 ? fit(points) : Double.NaN, atSmallest, smallest));
        }
        return new DistanceLaw(perArch, aboveRoundOff);
    }

    private static double fit(List<double[]> points) {
        return LinearFit.of(points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray()).slope();
    }

    // ---- the paper's figures ----

    private InitConvergence initConvergence() {
        CsvFile csv = CsvFile.read(dir.resolve(AnalyticTasks.INIT_PROFILE_FILE));
        double[] theta = csv.column("analytic");
        double scale = FigureMeasures.maxAbs(theta);
        List<double[]> points = new ArrayList<>();
        double[] errors = new double[plan.profileWidths.size()];
        for (int k = 0; k < errors.length; k++) {
            int m = plan.profileWidths.get(k);
            errors[k] = FigureMeasures.maxAbsDifference(csv.column("m=" + m), theta) / scale;
            points.add(new double[] {Math.log(m), Math.log(errors[k])});
        }
        return new InitConvergence(plan.profileWidths, errors, fit(points));
    }

    private static FigureMeasures.ProfileMove profileMove(Path run) {
        return FigureMeasures.ProfileMove.of(CsvFile.read(run.resolve(TrainTask.PROFILE_FILE)));
    }

    private PairsDrift pairsDrift() {
        CsvFile csv = CsvFile.read(TrainTask.dir(dir, plan.fig4RunName()).resolve(TrainTask.PAIRS_FILE));
        double[] t = csv.column("t");
        int last = t.length - 1;
        int decadeBefore = FigureMeasures.indexNear(t, t[last] / 10);
        List<PairDrift> pairs = new ArrayList<>();
        for (int[] p : plan.pairs) {
            String suffix = p[0] + "_" + p[1];
            double[] k = csv.column("k_" + suffix);
            double theta = csv.column("theta_" + suffix)[0];
            pairs.add(new PairDrift(p, Math.abs(k[last] - theta), Math.abs(k[0] - theta),
                    Math.abs(k[last] - k[decadeBefore]) / Math.abs(k[last])));
        }
        // m^-1/2: the size of the whole finite-width fluctuation of K_0 around Theta
        return new PairsDrift(pairs, 1 / Math.sqrt(plan.fig4.width()));
    }

    // ---- width sweeps: items 2 to 5 ----
}
