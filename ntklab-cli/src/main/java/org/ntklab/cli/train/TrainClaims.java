package org.ntklab.cli.train;

import static org.ntklab.metrics.Fit.LOSS;
import static org.ntklab.metrics.KernelDistance.D_INF;
import static org.ntklab.metrics.KernelMachineAgreement.KERNEL_GAP;
import static org.ntklab.metrics.KernelSpectrum.LAMBDA_MIN;
import static org.ntklab.metrics.OutputSize.MAX_ABS_F;
import static org.ntklab.metrics.ParameterMotion.THETA_DIST;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.cli.report.Claim;
import org.ntklab.cli.report.Table;

/**
 * The claims a single training run can test, with verdicts computed from its metrics.csv alone.
 * Thresholds are constants here so that the docs, the reports and the tests use the same ones.
 */
public final class TrainClaims {
    /** Growth "about like log t": slope of max_i |f_t(x_i)| against ln t over the late window. */
    public static final double LOG_GROWTH_SLOPE = 0.3;
    /** lambda_min(K_t) "bounded below": its minimum over t at least this fraction of lambda_min(K_0). */
    public static final double LAMBDA_FLOOR = 0.1;
    /** The empirical NTK "moves away" under cross-entropy: D_inf at the end at least this times D_inf(0). */
    public static final double DIVERGENCE_FACTOR = 5;
    /** Lazy training under squared loss: sup_t D_inf at most this times D_inf(0). */
    public static final double LAZY_FACTOR = 2;
    /** The network "leaves" the kernel machine under cross-entropy: the gap at the end at least this (targets 0, 1). */
    public static final double GAP_FLOOR = 1;
    /** The network "tracks" kernel regression: sup_t of the gap below this fraction of the initial RMS residual. */
    public static final double GAP_TRACKING = 0.1;

    private TrainClaims() {
    }

    /**
     * @param sum whether the loss is summed over the samples (else averaged)
     * @param n   training samples
     */
    public static List<Claim> of(String loss, boolean sum, int n, Metrics m) {
        return "ce".equals(loss) ? crossEntropy(m) : squared(m, sum, n);
    }

    static List<Claim> crossEntropy(Metrics m) {
        List<Claim> claims = new ArrayList<>();
        double from = m.lateWindowStart();
        double to = m.lastT();
        String window = "t in [" + Table.number(from) + ", " + Table.number(to) + "]";
        double fSlope = m.slopeAgainstLnT(MAX_ABS_F, from, to);
        claims.add(new Claim("Under cross-entropy the training outputs diverge, max_i |f_t(x_i)| growing about like "
                + "log t (Theorem 1).",
                "slope of max_i |f_t(x_i)| against ln t over " + window + ": " + Table.number(fSlope) + " (threshold "
                        + LOG_GROWTH_SLOPE + "); max_i |f| from " + Table.number(m.first(MAX_ABS_F)) + " to "
                        + Table.number(m.last(MAX_ABS_F)),
                fSlope > LOG_GROWTH_SLOPE));
        double thetaSlope = m.slopeAgainstLnT(THETA_DIST, from, to);
        claims.add(new Claim("The parameters diverge too: ||theta_t - theta_0|| keeps growing.",
                "slope of ||theta_t - theta_0|| against ln t over " + window + ": " + Table.number(thetaSlope)
                        + "; at the end " + Table.number(m.last(THETA_DIST)),
                thetaSlope > 0));
        if (m.has(LAMBDA_MIN)) {
            claims.add(lambdaClaim(m));
            double d0 = m.first(D_INF);
            double dEnd = m.last(D_INF);
            claims.add(new Claim("The empirical NTK moves away from the analytic NTK (Theorem 2): D_inf at the end "
                    + "is at least " + Table.number(DIVERGENCE_FACTOR) + " times D_inf(0).",
                    "D_inf(0) = " + Table.number(d0) + ", D_inf(t = " + Table.number(to) + ") = " + Table.number(dEnd)
                            + " (ratio " + Table.number(dEnd / d0) + "), sup_t D_inf = " + Table.number(m.max(D_INF)),
                    dEnd >= DIVERGENCE_FACTOR * d0));
        }
        if (m.has(KERNEL_GAP)) {
            double end = m.last(KERNEL_GAP);
            double slope = m.slopeAgainstLnT(KERNEL_GAP, from, to);
            claims.add(new Claim("The network leaves the NTK kernel machine's trajectory: the gap max_i |f_t(x_i) - u_t(x_i)| "
                    + "still grows over the late window (positive slope against ln t) and reaches at least "
                    + Table.number(GAP_FLOOR) + " (the scale of the targets).",
                    "gap at t = 1: " + Table.number(m.at(KERNEL_GAP, 1.0)) + ", at t = " + Table.number(to) + ": "
                            + Table.number(end) + "; slope against ln t over " + window + ": " + Table.number(slope),
                    slope > 0 && end >= GAP_FLOOR));
        }
        return claims;
    }

    static Claim lambdaClaim(Metrics m) {
        double l0 = m.first(LAMBDA_MIN);
        double low = m.min(LAMBDA_MIN);
        return new Claim("lambda_min(K_t) stays bounded below (the hypothesis of Theorem 1): its minimum over the run "
                + "is at least " + Table.number(LAMBDA_FLOOR) + " lambda_min(K_0).",
                "lambda_min(K_0) = " + Table.number(l0) + ", min_t lambda_min(K_t) = " + Table.number(low)
                        + " (ratio " + Table.number(low / l0) + "), at the end " + Table.number(m.last(LAMBDA_MIN)),
                low >= LAMBDA_FLOOR * l0);
    }

    static List<Claim> squared(Metrics m, boolean sum, int n) {
        List<Claim> claims = new ArrayList<>();
        double loss0 = m.first(LOSS);
        double lossEnd = m.last(LOSS);
        claims.add(new Claim("Under squared loss training converges: the loss falls below 1e-6 of its initial value.",
                "loss from " + Table.number(loss0) + " to " + Table.number(lossEnd),
                lossEnd <= 1e-6 * loss0));
        if (m.has(D_INF)) {
            double d0 = m.first(D_INF);
            double sup = m.max(D_INF);
            claims.add(new Claim("Lazy training: the empirical NTK stays near its initial distance to the analytic NTK, "
                    + "sup_t D_inf at most " + Table.number(LAZY_FACTOR) + " times D_inf(0).",
                    "D_inf(0) = " + Table.number(d0) + ", sup_t D_inf = " + Table.number(sup) + " (ratio "
                            + Table.number(sup / d0) + ")",
                    sup <= LAZY_FACTOR * d0));
        }
        if (m.has(KERNEL_GAP)) {
            double sup = m.max(KERNEL_GAP);
            double residual = Math.sqrt(2 * loss0 / (sum ? n : 1));
            claims.add(new Claim("The network tracks NTK kernel regression: sup_t max_i |f_t(x_i) - u_t(x_i)| is below "
                    + Table.number(GAP_TRACKING) + " times the initial RMS residual (the gap is O(m^-1/2)).",
                    "sup_t kernel gap = " + Table.number(sup) + ", initial RMS residual " + Table.number(residual)
                            + " (ratio " + Table.number(sup / residual) + "), at the end " + Table.number(m.last(KERNEL_GAP)),
                    sup < GAP_TRACKING * residual));
        }
        return claims;
    }
}
