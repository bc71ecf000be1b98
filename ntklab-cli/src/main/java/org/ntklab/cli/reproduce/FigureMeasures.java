package org.ntklab.cli.reproduce;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.train.Outputs;
import org.ntklab.cli.train.TrainClaims;
import org.ntklab.data.Dataset;
import org.ntklab.linalg.LinearFit;

/**
 * The numbers behind the paper's Fig. 1 and 3 that both reproduce profiles measure the same way
 * (synthetic/mnist on the flow, paper by gradient descent and the flow): how the training outputs
 * grow and how far the kernel profile moves. Numbers only; {@link ClaimWording} words them.
 */
final class FigureMeasures {
    private FigureMeasures() {
    }

    /** How |f_i(t)| grows over [from, to]: its slope against ln t and whether ln t fits it better than t. */
    record Growth(double slope, double residualLnT, double residualT) {
        boolean logarithmic() {
            return slope > TrainClaims.LOG_GROWTH_SLOPE && residualLnT < residualT;
        }
    }

    /** One training point's growth, and whether its output ends with its label's sign. */
    record PointGrowth(Growth growth, boolean signOk) {
    }

    /** Fig. 1: every training output's growth over the late window [sqrt(T), T]. */
    record OutputGrowth(double from, double to, List<PointGrowth> points) {
        /** Every output ends with its label's sign and grows like log t. */
        boolean held() {
            return points.stream().allMatch(p -> p.signOk() && p.growth().logarithmic());
        }

        static OutputGrowth of(Outputs outputs, Dataset train) {
            double[] t = outputs.t();
            int last = t.length - 1;
            double from = Math.sqrt(t[last]);
            List<PointGrowth> points = new ArrayList<>();
            for (int i = 0; i < outputs.names().size(); i++) {
                double sign = 2 * train.labels()[i] - 1;
                points.add(new PointGrowth(growth(t, outputs.f()[i], from, t[last]), sign * outputs.f()[i][last] > 0));
            }
            return new OutputGrowth(from, t[last], points);
        }
    }

    /**
     * Fig. 3: how far the kernel profile moved from its initial shape (relative to its size), at
     * the last recorded time {@code lastColumn}, against its initial distance to Theta.
     */
    record ProfileMove(double moved, String lastColumn, double initialError) {
        /** The profile moved by more than {@link Analysis#PROFILE_MOVE} times its initial error. */
        boolean held() {
            return moved >= Analysis.PROFILE_MOVE * initialError;
        }

        static ProfileMove of(CsvFile profile) {
            List<String> times = profileTimes(profile);
            double[] theta = profile.column("analytic");
            double[] k0 = profile.column(times.get(0));
            double[] kEnd = profile.column(times.get(times.size() - 1));
            return new ProfileMove(maxAbsDifference(kEnd, k0) / maxAbs(k0), times.get(times.size() - 1),
                    maxAbsDifference(k0, theta) / maxAbs(theta));
        }
    }

    static Growth growth(double[] t, double[] f, double from, double to) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int k = 0; k < t.length; k++) {
            if (t[k] > 0 && t[k] >= from && t[k] <= to && Double.isFinite(f[k])) {
                x.add(t[k]);
                y.add(Math.abs(f[k]));
            }
        }
        if (x.size() < 3) {
            return new Growth(Double.NaN, Double.NaN, Double.NaN);
        }
        double[] ys = y.stream().mapToDouble(Double::doubleValue).toArray();
        double[] lnT = x.stream().mapToDouble(Math::log).toArray();
        double[] lin = x.stream().mapToDouble(Double::doubleValue).toArray();
        LinearFit inLn = LinearFit.of(lnT, ys);
        LinearFit inT = LinearFit.of(lin, ys);
        return new Growth(inLn.slope(), rms(inLn, lnT, ys), rms(inT, lin, ys));
    }

    private static double rms(LinearFit fit, double[] x, double[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            double r = y[k] - (fit.intercept() + fit.slope() * x[k]);
            s += r * r;
        }
        return Math.sqrt(s / x.length);
    }

    /** The columns of a kernel-profile CSV that hold a time ("t=..."), in recorded order. */
    static List<String> profileTimes(CsvFile csv) {
        return csv.header().stream().filter(h -> h.startsWith("t=")).toList();
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static double maxAbsDifference(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** The index of the value of {@code t} nearest to {@code target}. */
    static int indexNear(double[] t, double target) {
        int best = 0;
        for (int i = 0; i < t.length; i++) {
            if (Math.abs(t[i] - target) < Math.abs(t[best] - target)) {
                best = i;
            }
        }
        return best;
    }

    /** Centred moving average over {@code window} consecutive values (shorter at the ends). */
    static double[] smooth(double[] v, int window) {
        int h = window / 2;
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            int from = Math.max(0, k - h);
            int to = Math.min(v.length - 1, k + h);
            double s = 0;
            for (int j = from; j <= to; j++) {
                s += v[j];
            }
            out[k] = s / (to - from + 1);
        }
        return out;
    }
}
