package org.ntklab.cli.reproduce;

import static org.ntklab.metrics.Fit.LOSS;
import static org.ntklab.metrics.KernelDistance.D_INF;
import static org.ntklab.metrics.KernelMachineAgreement.KERNEL_GAP;
import static org.ntklab.metrics.KernelSpectrum.LAMBDA_MIN;
import static org.ntklab.metrics.OutputSize.MAX_ABS_F;
import static org.ntklab.metrics.ParameterMotion.THETA_DIST;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.train.Metrics;
import org.ntklab.cli.train.TrainSession;
import org.ntklab.cli.train.TrainSummary;
import org.ntklab.io.Npy;
import org.ntklab.linalg.LinearFit;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricEigen;
import org.ntklab.train.TrainingConfig;

/** The numbers of one width-sweep sub-run, one row of width-sweep.csv, and the means across such rows. */
public record SweepRow(String sweep, String arch, String loss, int width, long seed, int n, double dInf0,
                       double dInfEnd, double supDInf, double gapAt1, double gapEnd, double supGap,
                       double fSlope, double thetaSlope, double lambda0, double lambdaMinOverT, double tStar,
                       double tEnd, double maxEntryDeviation, double theorem2Bound, double residual0,
                       double gapSlope, double dInfSlope) {
    static final List<String> COLUMNS = List.of("sweep", "arch", "loss", "width", "seed", "n", "d_inf_0",
            "d_inf_end", "sup_d_inf", "kernel_gap_t1", "kernel_gap_end", "sup_kernel_gap", "max_f_slope_ln_t",
            "theta_dist_slope_ln_t", "lambda_min_0", "min_lambda_min", "t_star", "t_end",
            "max_entry_deviation_end", "theorem2_bound", "rms_residual_0", "kernel_gap_slope_ln_t",
            "d_inf_slope_ln_t");

    List<Object> cells() {
        return List.of(sweep, arch, loss, width, seed, n, dInf0, dInfEnd, supDInf, gapAt1, gapEnd, supGap, fSlope,
                thetaSlope, lambda0, lambdaMinOverT, tStar, tEnd, maxEntryDeviation, theorem2Bound, residual0, gapSlope,
                dInfSlope);
    }

    /** sup_t of the gap relative to the initial RMS residual (squared loss). */
    public double relativeSupGap() {
        return supGap / residual0;
    }

    /** Reads sub-run runs/NAME of {@code sweep} in {@code dir}. */
    static SweepRow read(Path dir, Plan.Sweep sweep, String loss, int width, long seed) {
        Path run = TrainTask.dir(dir, sweep.runName(loss, width, seed));
        Metrics m = Metrics.read(run);
        Matrix theta = Npy.readMatrix(run.resolve(TrainSession.ANALYTIC_FILE));
        double lambda0 = SymmetricEigen.eigenvalues(theta)[0];
        int n = theta.rows();
        double deviation = Double.NaN;
        if (Files.isRegularFile(run.resolve(TrainSession.FINAL_FILE))) {
            deviation = Npy.readMatrix(run.resolve(TrainSession.FINAL_FILE)).distanceMax(theta);
        }
        double from = m.lateWindowStart();
        RunRecord record = RunRecord.read(run.resolve(RunRecord.FILE_NAME));
        TrainingConfig config = record.config(TrainingConfig.class);
        // squared loss: L = (sum or mean) of r^2 / 2, so the RMS residual is sqrt(2 L / n) or sqrt(2 L)
        double residual0 = Math.sqrt(2 * m.first(LOSS) / (config.reduction().equals("sum") ? n : 1));
        TrainSummary summary = TrainSummary.of(m, record, TrainSummary.DIVERGENCE_THRESHOLD);
        return new SweepRow(sweep.id(), sweep.base().arch(), loss, width, seed, n, summary.dInf0(), summary.dInfEnd(),
                summary.supDInf(), m.at(KERNEL_GAP, 1.0), m.last(KERNEL_GAP), m.max(KERNEL_GAP),
                m.slopeAgainstLnT(MAX_ABS_F, from, m.lastT()), m.slopeAgainstLnT(THETA_DIST, from, m.lastT()),
                m.first(LAMBDA_MIN), m.min(LAMBDA_MIN), summary.tStar(),
                summary.tEnd(), deviation, lambda0 / (2.0 * n * n), residual0,
                m.slopeAgainstLnT(KERNEL_GAP, from, m.lastT()), m.slopeAgainstLnT(D_INF, from, m.lastT()));
    }

    /**
     * Mean of log10 t* over seeds: +infinity when some seed never crossed the threshold, -infinity
     * when one was above it already at t = 0.
     */
    static double meanLogTStar(List<SweepRow> runs) {
        double sum = 0;
        for (SweepRow r : runs) {
            if (Double.isNaN(r.tStar())) {
                return Double.POSITIVE_INFINITY;
            }
            sum += r.tStar() > 0 ? Math.log10(r.tStar()) : Double.NEGATIVE_INFINITY;
        }
        return sum / runs.size();
    }

    /** Fitted slope of log(mean over seeds of value) against log m. */
    static double widthSlope(List<SweepRow> runs, ToDoubleFunction<SweepRow> value) {
        Map<Integer, double[]> byWidth = meanByWidth(runs, value);
        double[] x = byWidth.keySet().stream().mapToDouble(Math::log).toArray();
        double[] y = byWidth.values().stream().mapToDouble(v -> Math.log(v[0])).toArray();
        return x.length < 2 ? Double.NaN : LinearFit.of(x, y).slope();
    }

    static Map<Integer, double[]> meanByWidth(List<SweepRow> runs, ToDoubleFunction<SweepRow> value) {
        Map<Integer, double[]> sums = new LinkedHashMap<>();
        for (SweepRow r : runs) {
            double[] s = sums.computeIfAbsent(r.width(), w -> new double[2]);
            s[0] += value.applyAsDouble(r);
            s[1]++;
        }
        sums.replaceAll((w, s) -> new double[] {s[0] / s[1], s[1]});
        return sums;
    }
}
