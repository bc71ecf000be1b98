package org.ntklab.cli.reproduce;

import static org.ntklab.metrics.Fit.LOSS;
import static org.ntklab.metrics.FlowTime.STEP;
import static org.ntklab.metrics.KernelDistance.D_INF;
import static org.ntklab.metrics.KernelSpectrum.LAMBDA_MIN;
import static org.ntklab.metrics.OutputSize.MAX_ABS_F;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.train.KernelRecordings;
import org.ntklab.cli.train.Metrics;
import org.ntklab.cli.train.Outputs;
import org.ntklab.cli.train.TrainClaims;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.linalg.LinearFit;

/**
 * The evidence of {@code ntklab reproduce paper}: numbers and verdicts, no prose. Computed from the
 * files of its run directory alone (each sub-run's outputs.csv, metrics.csv, kernel-profile.csv and
 * ntk-pairs.csv, and fig2-kernel-init.csv), with every threshold a constant; {@link PaperClaimWording}
 * states the claims in words.
 */
public final class PaperAnalysis {
    public static final String VERDICTS_FILE = Verdict.FILE;
    public static final String SEEDS_FILE = "fig1-seeds.csv";
    public static final String FIG2_FILE = "fig2-kernel-init.csv";
    /**
     * Gradient descent and the flow "tell the same story" when their curves differ by at most this
     * fraction of the curve's scale at the end: GD is a first-order discretisation of the flow, and
     * 10% is a difference the eye would not mistake for a different picture; a GD run that had
     * gone unstable or a flow run that had been integrated wrongly differs by far more.
     */
    public static final double AGREEMENT = 0.1;

    /** Fig. 1: the six outputs of GD and of the flow at the end ({@code tGd}, {@code tFlow}). */
    public record OutputsAgreement(double tGd, double tFlow, double difference, double scale) {
        /** Within {@link #AGREEMENT} of the outputs' scale, and the flow reached GD's time. */
        public boolean held() {
            return difference <= AGREEMENT * scale && Math.abs(tFlow - tGd) <= 1e-9 * tGd;
        }
    }

    /** Fig. 3: the GD and flow profiles at the end, against how much the GD profile changed in training. */
    public record ProfileAgreement(double difference, double change) {
        public boolean held() {
            return difference <= AGREEMENT * change;
        }
    }

    /** Fig. 4 on one pair: |K_T - Theta|, |K_0 - Theta| and the smoothed relative change over the last decade. */
    public record SmoothedPair(int[] pair, double drift, double start, double change) {
    }

    /** Fig. 4 by one integrator: the pairs over the last decade [from, to] of t, and the m^-1/2 they must still move. */
    public record PairsMove(double from, double to, List<SmoothedPair> pairs, double settle) {
        public boolean held() {
            return pairs.stream().allMatch(p -> p.drift() > Analysis.PROFILE_MOVE * p.start())
                    && pairs.stream().allMatch(p -> p.change() >= settle);
        }
    }

    /** Fig. 4: the smoothed K_T of GD and of the flow on every pair. */
    public record PairsAgreement(int[][] pairs, double[] gd, double[] flow) {
        /** The largest difference relative to GD's value. */
        public double worst() {
            double worst = 0;
            for (int p = 0; p < pairs.length; p++) {
                worst = Math.max(worst, Math.abs(gd[p] - flow[p]) / Math.abs(gd[p]));
            }
            return worst;
        }

        public boolean held() {
            return worst() <= AGREEMENT;
        }
    }

    private final Path dir;
    private final PaperPlan plan;
    private final List<List<?>> seedRows = new ArrayList<>();
    private FigureMeasures.OutputGrowth fig1Gd;
    private FigureMeasures.OutputGrowth fig1Flow;
    private OutputsAgreement fig1Agreement;
    private Analysis.InitConvergence fig2;
    private FigureMeasures.ProfileMove fig3Gd;
    private FigureMeasures.ProfileMove fig3Flow;
    private ProfileAgreement fig3Agreement;
    private PairsMove fig4Gd;
    private PairsMove fig4Flow;
    private PairsAgreement fig4Agreement;

    private PaperAnalysis(Path dir, PaperPlan plan) {
        this.dir = dir;
        this.plan = plan;
    }

    public static PaperAnalysis of(Path dir, PaperPlan plan) {
        PaperAnalysis a = new PaperAnalysis(dir, plan);
        a.compute();
        return a;
    }

    public PaperPlan plan() {
        return plan;
    }

    /** Every claim with its verdict, in words ({@link PaperClaimWording}). */
    public List<Verdict> verdicts() {
        return PaperClaimWording.verdicts(this);
    }

    /** Fig. 1's table, one row per seed: seed, steps, t, max_abs_f, d_inf, d_inf_0, lambda_min, loss at the end. */
    public List<List<?>> seedRows() {
        return List.copyOf(seedRows);
    }

    /** D_inf(T) / D_inf(0) of every seed's Fig. 1 run. */
    public double[] seedDivergence() {
        return seedRows.stream().mapToDouble(row -> (Double) row.get(4) / (Double) row.get(5)).toArray();
    }

    /** Item 3 at the paper's own horizon: D_inf(T) >= {@link TrainClaims#DIVERGENCE_FACTOR} D_inf(0) for every seed. */
    public boolean seedsDiverge() {
        return java.util.Arrays.stream(seedDivergence()).allMatch(r -> r >= TrainClaims.DIVERGENCE_FACTOR);
    }

    /** Fig. 1's growth by gradient descent ({@code gd}) or by the flow. */
    public FigureMeasures.OutputGrowth fig1(boolean gd) {
        return gd ? fig1Gd : fig1Flow;
    }

    public OutputsAgreement fig1Agreement() {
        return fig1Agreement;
    }

    public Analysis.InitConvergence fig2() {
        return fig2;
    }

    public FigureMeasures.ProfileMove fig3(boolean gd) {
        return gd ? fig3Gd : fig3Flow;
    }

    public ProfileAgreement fig3Agreement() {
        return fig3Agreement;
    }

    public PairsMove fig4(boolean gd) {
        return gd ? fig4Gd : fig4Flow;
    }

    public PairsAgreement fig4Agreement() {
        return fig4Agreement;
    }

    static Path run(Path dir, String name) {
        return TrainTask.dir(dir, name);
    }

    private void compute() {
        measureFig1();
        measureFig2();
        measureFig3();
        measureFig4();
    }

    public void writeTables() {
        Verdict.write(dir, verdicts());
        CsvFile.write(dir.resolve(SEEDS_FILE), List.of("seed", "steps", "t", "max_abs_f", "d_inf", "d_inf_0",
                "lambda_min", "loss"), seedRows);
    }

    public Table table() {
        return Verdict.table(verdicts());
    }

    // ---- Fig. 1 ----

    private void measureFig1() {
        Dataset train = DataSpec.parse(plan.fig1Gd.data()).load(plan.seed).train();
        for (long s : plan.seeds) {
            Metrics m = Metrics.read(run(dir, PaperPlan.fig1GdName(s)));
            seedRows.add(List.of(s, (long) m.last(STEP), m.lastT(), m.last(MAX_ABS_F), m.last(D_INF),
                    m.first(D_INF), m.last(LAMBDA_MIN), m.last(LOSS)));
        }
        Outputs gd = Outputs.read(run(dir, PaperPlan.fig1GdName(plan.seed)));
        Outputs flow = Outputs.read(run(dir, PaperPlan.FIG1_FLOW));
        fig1Gd = FigureMeasures.OutputGrowth.of(gd, train);
        fig1Flow = FigureMeasures.OutputGrowth.of(flow, train);
        int a = gd.t().length - 1;
        int b = flow.t().length - 1;
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < gd.names().size(); i++) {
            scale = Math.max(scale, Math.abs(gd.f()[i][a]));
            diff = Math.max(diff, Math.abs(gd.f()[i][a] - flow.f()[i][b]));
        }
        fig1Agreement = new OutputsAgreement(gd.t()[a], flow.t()[b], diff, scale);
    }

    // ---- Fig. 2 ----

    private void measureFig2() {
        CsvFile csv = CsvFile.read(dir.resolve(FIG2_FILE));
        double[] theta = csv.column("analytic");
        double scale = FigureMeasures.maxAbs(theta);
        double[] errors = new double[plan.fig2Widths.size()];
        double[] x = new double[errors.length];
        double[] y = new double[errors.length];
        for (int k = 0; k < errors.length; k++) {
            int m = plan.fig2Widths.get(k);
            double sum = 0;
            for (long s : plan.fig2Seeds) {
                sum += FigureMeasures.maxAbsDifference(csv.column(fig2Column(m, s)), theta) / scale;
            }
            errors[k] = sum / plan.fig2Seeds.size();
            x[k] = Math.log(m);
            y[k] = Math.log(errors[k]);
        }
        fig2 = new Analysis.InitConvergence(plan.fig2Widths, errors, LinearFit.of(x, y).slope());
    }

    static String fig2Column(int m, long seed) {
        return "m=" + m + " s=" + seed;
    }

    // ---- Fig. 3 ----

    private void measureFig3() {
        CsvFile gd = CsvFile.read(run(dir, PaperPlan.fig1GdName(plan.seed)).resolve(KernelRecordings.PROFILE_FILE));
        CsvFile flow = CsvFile.read(run(dir, PaperPlan.FIG1_FLOW).resolve(KernelRecordings.PROFILE_FILE));
        fig3Gd = FigureMeasures.ProfileMove.of(gd);
        fig3Flow = FigureMeasures.ProfileMove.of(flow);
        List<String> a = FigureMeasures.profileTimes(gd);
        List<String> b = FigureMeasures.profileTimes(flow);
        double[] kGd = gd.column(a.get(a.size() - 1));
        double[] kFlow = flow.column(b.get(b.size() - 1));
        fig3Agreement = new ProfileAgreement(FigureMeasures.maxAbsDifference(kGd, kFlow),
                FigureMeasures.maxAbsDifference(kGd, gd.column(a.get(0))));
    }

    // ---- Fig. 4 ----

    private void measureFig4() {
        double[] gdEnd = new double[plan.pairs.length];
        double[] flowEnd = new double[plan.pairs.length];
        fig4Gd = pairsMove(PaperPlan.FIG4_GD, gdEnd);
        fig4Flow = pairsMove(PaperPlan.FIG4_FLOW, flowEnd);
        fig4Agreement = new PairsAgreement(plan.pairs, gdEnd, flowEnd);
    }

    /** The pairs of one Fig. 4 run; the smoothed values at the end go to {@code smoothedEnd}. */
    private PairsMove pairsMove(String runName, double[] smoothedEnd) {
        CsvFile csv = CsvFile.read(run(dir, runName).resolve(KernelRecordings.PAIRS_FILE));
        double[] t = csv.column("t");
        int last = t.length - 1;
        int decadeBefore = FigureMeasures.indexNear(t, t[last] / 10);
        List<SmoothedPair> pairs = new ArrayList<>();
        for (int p = 0; p < plan.pairs.length; p++) {
            String suffix = plan.pairs[p][0] + "_" + plan.pairs[p][1];
            double[] k = csv.column("k_" + suffix);
            double theta = csv.column("theta_" + suffix)[0];
            double[] smooth = FigureMeasures.smooth(k, plan.smoothing);
            smoothedEnd[p] = smooth[last];
            pairs.add(new SmoothedPair(plan.pairs[p], Math.abs(k[last] - theta), Math.abs(k[0] - theta),
                    Math.abs(smooth[last] - smooth[decadeBefore]) / Math.abs(smooth[last])));
        }
        // m^-1/2: the size of the whole finite-width fluctuation of K_0 around Theta
        return new PairsMove(t[decadeBefore], t[last], pairs, 1 / Math.sqrt(plan.fig4Gd.width()));
    }
}
