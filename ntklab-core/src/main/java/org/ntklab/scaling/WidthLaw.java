package org.ntklab.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ntklab.linalg.LinearFit;

/**
 * Competing laws for how the time to reach a level, t_c, grows with the width m, fitted to the
 * median of ln t_c over seeds at each width and compared on the same points:
 * <ul>
 *   <li>{@code power}: ln t_c = a + k ln m;</li>
 *   <li>{@code stretched-exp}: ln t_c = a + b m^beta (beta fitted; beta to 0 is the power law);</li>
 *   <li>{@code log-quadratic}: ln t_c = a + k ln m + q (ln m)^2 (a power law whose exponent drifts).</li>
 * </ul>
 * Each fit is judged by its leave-one-width-out prediction error (RMS over widths of the error in
 * ln t_c at the width left out) and its residuals; parameter intervals come from a bootstrap over
 * seeds (each width's seeds resampled with replacement, the medians refitted; 2.5 and 97.5
 * percentiles).
 */
public final class WidthLaw {

    /** A law's name and its parameters' names. */
    public enum Model {
        POWER("power", 2, "a", "k"),
        STRETCHED_EXP("stretched-exp", 3, "a", "b", "beta"),
        LOG_QUADRATIC("log-quadratic", 3, "a", "k", "q");

        public final String id;
        public final int minPoints;
        final String[] names;

        Model(String id, int parameters, String... names) {
            this.id = id;
            this.minPoints = parameters + 1;
            this.names = names;
        }

        public List<String> parameterNames() {
            return List.of(names);
        }
    }

    /** A law fitted to (m, ln t_c): its parameters, residual RMS and leave-one-width-out error. */
    public record Fit(Model model, double[] parameters, double residualRms, double looError) {
        /** Predicted ln t_c at width m. */
        public double predict(double m) {
            return WidthLaw.predict(model, parameters, m);
        }
    }

    /** One parameter of one law with its bootstrap interval. */
    public record Estimate(Model model, String parameter, double estimate, double low, double high, double looError) {
    }

    /** Widths below the beta grid's resolution are not fitted: beta is searched in [BETA_MIN, BETA_MAX]. */
    static final double BETA_MIN = 1e-3;
    static final double BETA_MAX = 3.0;

    private WidthLaw() {
    }

    /**
     * The median over seeds where NaN marks a seed whose run ended before it reached the level (or,
     * for D_inf(t), before time t): such a seed's value is later (larger) than anything its run
     * observed, so it is ordered after every finite value rather than dropped. Dropping it would
     * leave the median of the seeds that got there first, biased early (and D_inf late in a run
     * biased low, since the seeds that stopped at the stop level are the fast ones). NaN when the
     * median's place falls on such a seed, that is unless more than half of the seeds have a value.
     */
    public static double medianOfReached(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = values.length;
        int upper = n / 2;                       // the median's (upper) place among all n, unreached last
        if (n == 0 || upper >= finite.length) {
            return Double.NaN;
        }
        return n % 2 == 1 ? finite[upper] : 0.5 * (finite[upper - 1] + finite[upper]);
    }

    /** Least-squares fit of {@code model} to the points (m[i], y[i]), y = ln t_c. */
    public static Fit fit(Model model, double[] m, double[] y) {
        if (m.length < model.minPoints) {
            throw new IllegalArgumentException(model.id + " needs at least " + model.minPoints + " widths, got " + m.length);
        }
        double[] p = parameters(model, m, y);
        double rss = 0;
        for (int i = 0; i < m.length; i++) {
            double r = y[i] - predict(model, p, m[i]);
            rss += r * r;
        }
        return new Fit(model, p, Math.sqrt(rss / m.length), looError(model, m, y));
    }

    /** RMS over widths of the error in ln t_c at each width when the law is fitted to the others. */
    public static double looError(Model model, double[] m, double[] y) {
        if (m.length - 1 < model.minPoints) {
            return Double.NaN;
        }
        double sum = 0;
        for (int leave = 0; leave < m.length; leave++) {
            double[] mm = new double[m.length - 1];
            double[] yy = new double[m.length - 1];
            for (int i = 0, j = 0; i < m.length; i++) {
                if (i != leave) {
                    mm[j] = m[i];
                    yy[j++] = y[i];
                }
            }
            double e = y[leave] - predict(model, parameters(model, mm, yy), m[leave]);
            sum += e * e;
        }
        return Math.sqrt(sum / m.length);
    }

    /**
     * Every law fitted to the per-width medians of ln t_c ({@code lnT[w][s]}: width w, seed s,
     * NaN when the seed never reached the level), with bootstrap intervals over seeds. Widths whose
     * median is undefined (no more than half of the seeds reached the level) are left out; laws with
     * too few widths are left out.
     */
    public static List<Estimate> analyse(double[] widths, double[][] lnT, int replicates, long seed) {
        List<Double> mList = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (int w = 0; w < widths.length; w++) {
            if (Double.isFinite(medianOfReached(lnT[w]))) {
                mList.add(widths[w]);
                rows.add(lnT[w]);
            }
        }
        double[] m = mList.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = rows.stream().mapToDouble(WidthLaw::medianOfReached).toArray();
        List<Estimate> out = new ArrayList<>();
        Random random = new Random(seed);
        for (Model model : Model.values()) {
            if (m.length < model.minPoints) {
                continue;
            }
            Fit fit = fit(model, m, y);
            double[][] boot = new double[model.names.length][replicates];
            int kept = 0;
            for (int r = 0; r < replicates; r++) {
                double[] yb = new double[m.length];
                boolean ok = true;
                for (int w = 0; w < m.length; w++) {
                    double[] values = rows.get(w);
                    double[] sample = new double[values.length];
                    for (int s = 0; s < values.length; s++) {
                        sample[s] = values[random.nextInt(values.length)];
                    }
                    yb[w] = medianOfReached(sample);
                    ok &= Double.isFinite(yb[w]);
                }
                if (!ok) {
                    continue;
                }
                double[] p = parameters(model, m, yb);
                for (int k = 0; k < p.length; k++) {
                    boot[k][kept] = p[k];
                }
                kept++;
            }
            for (int k = 0; k < model.names.length; k++) {
                double[] b = Arrays.copyOf(boot[k], kept);
                Arrays.sort(b);
                out.add(new Estimate(model, model.names[k], fit.parameters()[k], percentile(b, 0.025),
                        percentile(b, 0.975), fit.looError()));
            }
        }
        return out;
    }

    /** The p-quantile of sorted values (linear interpolation), NaN when empty. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double x = p * (sorted.length - 1);
        int i = (int) Math.floor(x);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (x - i) * (sorted[j] - sorted[i]);
    }

    public static double predict(Model model, double[] p, double m) {
        double lm = Math.log(m);
        return switch (model) {
            case POWER -> p[0] + p[1] * lm;
            case STRETCHED_EXP -> p[0] + p[1] * Math.pow(m, p[2]);
            case LOG_QUADRATIC -> p[0] + p[1] * lm + p[2] * lm * lm;
        };
    }

    private static double[] parameters(Model model, double[] m, double[] y) {
        double[] lm = Arrays.stream(m).map(Math::log).toArray();
        return switch (model) {
            case POWER -> line(lm, y);
            case LOG_QUADRATIC -> leastSquares(y, ones(m.length), lm, Arrays.stream(lm).map(v -> v * v).toArray());
            case STRETCHED_EXP -> stretched(m, y);
        };
    }

    /** beta by a log-spaced grid then golden-section refinement; a and b by linear least squares at each beta. */
    private static double[] stretched(double[] m, double[] y) {
        int grid = 400;
        double bestBeta = BETA_MIN;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= grid; i++) {
            double beta = BETA_MIN * Math.pow(BETA_MAX / BETA_MIN, (double) i / grid);
            double r = stretchedRss(m, y, beta);
            if (r < best) {
                best = r;
                bestBeta = beta;
            }
        }
        double ratio = Math.pow(BETA_MAX / BETA_MIN, 1.0 / grid);
        double lo = Math.log(Math.max(BETA_MIN, bestBeta / ratio));
        double hi = Math.log(Math.min(BETA_MAX, bestBeta * ratio));
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 60; it++) {
            double a = hi - g * (hi - lo);
            double b = lo + g * (hi - lo);
            if (stretchedRss(m, y, Math.exp(a)) <= stretchedRss(m, y, Math.exp(b))) {
                hi = b;
            } else {
                lo = a;
            }
        }
        double beta = Math.exp(0.5 * (lo + hi));
        double[] ab = line(Arrays.stream(m).map(v -> Math.pow(v, beta)).toArray(), y);
        return new double[] {ab[0], ab[1], beta};
    }

    private static double stretchedRss(double[] m, double[] y, double beta) {
        double[] x = Arrays.stream(m).map(v -> Math.pow(v, beta)).toArray();
        double[] ab = line(x, y);
        double rss = 0;
        for (int i = 0; i < m.length; i++) {
            double r = y[i] - ab[0] - ab[1] * x[i];
            rss += r * r;
        }
        return rss;
    }

    /** Intercept and slope of y on x, centred (stable when x spans many orders of magnitude). */
    private static double[] line(double[] x, double[] y) {
        LinearFit f = LinearFit.of(x, y);
        return new double[] {f.intercept(), f.slope()};
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1.0);
        return o;
    }

    /** Least squares y ~ sum_k c_k columns[k], by the normal equations (a handful of columns). */
    static double[] leastSquares(double[] y, double[]... columns) {
        int k = columns.length;
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int r = 0; r < y.length; r++) {
                    s += columns[i][r] * columns[j][r];
                }
                a[i][j] = s;
            }
            double s = 0;
            for (int r = 0; r < y.length; r++) {
                s += columns[i][r] * y[r];
            }
            a[i][k] = s;
        }
        // Gaussian elimination with partial pivoting
        for (int c = 0; c < k; c++) {
            int pivot = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[pivot];
            a[pivot] = tmp;
            if (a[c][c] == 0) {
                throw new IllegalArgumentException("least squares: the columns are linearly dependent");
            }
            for (int r = 0; r < k; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int j = c; j <= k; j++) {
                        a[r][j] -= f * a[c][j];
                    }
                }
            }
        }
        double[] x = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = a[i][k] / a[i][i];
        }
        return x;
    }
}
