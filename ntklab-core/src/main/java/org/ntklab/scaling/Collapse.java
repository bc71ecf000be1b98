package org.ntklab.scaling;

import java.util.ArrayList;
import java.util.List;

/**
 * Two ways the curves D_inf(t) of different widths could be one curve, compared on the same points
 * with the same template (the narrowest width's curve H, linear between observations in ln t) and
 * one free number per width:
 * <ul>
 *   <li><b>amplitude</b>: ln D(t, m) = ln H(t) + a_m, wider networks diverge the same way but less
 *       (a_m = -gamma ln(m / m_ref) if the amplitude is a power of m);</li>
 *   <li><b>shift</b>: ln D(t, m) = ln H(t / g_m), wider networks follow the same curve later
 *       (ln g_m = kappa ln(m / m_ref) + c if the delay is a power of m).</li>
 * </ul>
 * Each per-width number is fitted by least squares over the late window (t at least
 * {@code lateFrom}, and for the shift only where t / g_m lies inside the template's range); the
 * residual RMS of ln D over all fitted points says which collapse fits better. gamma and kappa are
 * the slopes of a_m and ln g_m against ln m.
 */
public final class Collapse {

    /** A collapse fitted to one family of curves. */
    public record Fit(double[] perWidth, double slope, double residualRms, int points) {
    }

    /** One width's median curve: times (increasing, positive) and D_inf (NaN where missing). */
    public record Curve(double width, double[] t, double[] d, double[][] logPoints) {
        public Curve(double width, double[] t, double[] d) {
            this(width, t, d, Collapse.logPoints(t, d));
        }
    }

    private Collapse() {
    }

    /**
     * Both collapses' residual RMS of ln D on the same points: those late points of every width
     * (but the template) where both fitted collapses can be evaluated. Returns {amplitude, shift, points}.
     */
    public static double[] onCommonPoints(List<Curve> curves, Fit amplitude, Fit shift, double lateFrom) {
        Curve ref = curves.get(0);
        double a2 = 0;
        double s2 = 0;
        int points = 0;
        for (int w = 1; w < curves.size(); w++) {
            Curve c = curves.get(w);
            double a = amplitude.perWidth()[w];
            double g = shift.perWidth()[w];
            if (!Double.isFinite(a) || !Double.isFinite(g)) {
                continue;
            }
            for (int i = 0; i < c.t().length; i++) {
                if (!(c.t()[i] >= lateFrom) || !(c.d()[i] > 0)) {
                    continue;
                }
                double x = Math.log(c.t()[i]);
                double hA = template(ref, x, lateFrom);
                double hS = template(ref, x - g, lateFrom);
                if (Double.isFinite(hA) && Double.isFinite(hS)) {
                    double y = Math.log(c.d()[i]);
                    a2 += (y - hA - a) * (y - hA - a);
                    s2 += (y - hS) * (y - hS);
                    points++;
                }
            }
        }
        return new double[] {Math.sqrt(a2 / Math.max(1, points)), Math.sqrt(s2 / Math.max(1, points)), points};
    }

    /** The amplitude collapse against the first curve (the template). */
    public static Fit amplitude(List<Curve> curves, double lateFrom) {
        Curve ref = curves.get(0);
        double[] a = new double[curves.size()];
        double rss = 0;
        int points = 0;
        for (int w = 1; w < curves.size(); w++) {
            List<double[]> pairs = overlap(ref, curves.get(w), 0.0, lateFrom);
            if (pairs.isEmpty()) {
                a[w] = Double.NaN;
                continue;
            }
            double mean = 0;
            for (double[] p : pairs) {
                mean += (p[1] - p[0]) / pairs.size();
            }
            a[w] = mean;
            for (double[] p : pairs) {
                double r = p[1] - p[0] - mean;
                rss += r * r;
                points++;
            }
        }
        return new Fit(a, slopeAgainstLnWidth(curves, a), Math.sqrt(rss / Math.max(1, points)), points);
    }

    /** The shift collapse against the first curve (the template): ln g_m by a search over shifts in ln t. */
    public static Fit shift(List<Curve> curves, double lateFrom) {
        Curve ref = curves.get(0);
        double[] s = new double[curves.size()];
        double rss = 0;
        int points = 0;
        for (int w = 1; w < curves.size(); w++) {
            Curve c = curves.get(w);
            double best = Double.POSITIVE_INFINITY;
            double bestShift = Double.NaN;
            // coarse grid over ln g in [-20, 700], then a finer one around the best
            for (int pass = 0; pass < 3 && Double.isFinite(pass == 0 ? 0 : bestShift); pass++) {
                double from = pass == 0 ? -20 : bestShift - 2 * step(pass - 1);
                double to = pass == 0 ? 700 : bestShift + 2 * step(pass - 1);
                for (double shift = from; shift <= to; shift += step(pass)) {
                    double r = shiftRss(ref, c, shift, lateFrom);
                    if (r < best) {
                        best = r;
                        bestShift = shift;
                    }
                }
            }
            s[w] = bestShift;
            if (Double.isFinite(bestShift)) {
                List<double[]> pairs = overlap(ref, c, bestShift, lateFrom);
                for (double[] p : pairs) {
                    double r = p[1] - p[0];
                    rss += r * r;
                    points++;
                }
            }
        }
        return new Fit(s, slopeAgainstLnWidth(curves, s), Math.sqrt(rss / Math.max(1, points)), points);
    }

    private static double step(int pass) {
        return pass == 0 ? 0.5 : pass == 1 ? 0.02 : 0.001;
    }

    /** Mean squared residual of the shift, or +inf when fewer than 3 points overlap (a shift that matches nothing). */
    private static double shiftRss(Curve ref, Curve c, double shift, double lateFrom) {
        List<double[]> pairs = overlap(ref, c, shift, lateFrom);
        if (pairs.size() < 3) {
            return Double.POSITIVE_INFINITY;
        }
        double rss = 0;
        for (double[] p : pairs) {
            rss += (p[1] - p[0]) * (p[1] - p[0]);
        }
        // mean, not sum: otherwise shifts that overlap fewer points would be favoured
        return rss / pairs.size();
    }

    /**
     * Pairs (ln H(ln t - shift), ln D(t)) over the curve's late points whose shifted time lies in the
     * template's range.
     */
    static List<double[]> overlap(Curve ref, Curve c, double shift, double lateFrom) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < c.t().length; i++) {
            if (!(c.t()[i] >= lateFrom) || !(c.d()[i] > 0)) {
                continue;
            }
            double h = template(ref, Math.log(c.t()[i]) - shift, lateFrom);
            if (Double.isFinite(h)) {
                pairs.add(new double[] {h, Math.log(c.d()[i])});
            }
        }
        return pairs;
    }

    /** ln H at ln t = x, linear between the template's observations (binary search); NaN outside its range. */
    static double template(Curve ref, double x, double lateFrom) {
        double[][] points = ref.logPoints();
        double[] xs = points[0];
        double[] ys = points[1];
        if (xs.length < 2 || !(x >= xs[0]) || !(x <= xs[xs.length - 1])) {
            return Double.NaN;
        }
        int lo = 0;
        int hi = xs.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double w = xs[hi] == xs[lo] ? 0 : (x - xs[lo]) / (xs[hi] - xs[lo]);
        return ys[lo] + w * (ys[hi] - ys[lo]);
    }

    /** A curve's usable points as (ln t, ln D). */
    private static double[][] logPoints(double[] t, double[] d) {
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i] > 0 && d[i] > 0) {
                kept.add(new double[] {Math.log(t[i]), Math.log(d[i])});
            }
        }
        return new double[][] {kept.stream().mapToDouble(p -> p[0]).toArray(),
                kept.stream().mapToDouble(p -> p[1]).toArray()};
    }

    private static double slopeAgainstLnWidth(List<Curve> curves, double[] values) {
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {Math.log(curves.get(0).width()), 0.0});
        for (int w = 1; w < curves.size(); w++) {
            if (Double.isFinite(values[w])) {
                points.add(new double[] {Math.log(curves.get(w).width()), values[w]});
            }
        }
        if (points.size() < 2) {
            return Double.NaN;
        }
        return org.ntklab.linalg.LinearFit.slope(points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }
}
