package org.ntklab.linalg;

/** Ordinary least-squares line y = intercept + slope x, for fitted rates (log-log slopes and the like). */
public record LinearFit(double slope, double intercept) {

    public static LinearFit of(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("a line fit needs two or more (x, y) pairs, got " + x.length
                    + " x and " + y.length + " y values");
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / x.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("a line fit needs at least two distinct x values");
        }
        double slope = sxy / sxx;
        return new LinearFit(slope, my - slope * mx);
    }

    public static double slope(double[] x, double[] y) {
        return of(x, y).slope();
    }
}
