package org.ntklab.data;

import java.util.SplittableRandom;

/**
 * Standard normal draws by Box-Muller on {@link StrictMath}, so synthetic data sets are the same
 * bytes on every JVM (the JDK's own nextGaussian algorithm is not specified).
 */
final class Gaussian {
    private Gaussian() {
    }

    static double next(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // in (0, 1], keeps the logarithm finite
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** A uniformly random point on the unit sphere S^(d-1). */
    static double[] unitVector(SplittableRandom random, int d) {
        double[] v = new double[d];
        double norm;
        do {
            double sum = 0;
            for (int j = 0; j < d; j++) {
                v[j] = next(random);
                sum += v[j] * v[j];
            }
            norm = StrictMath.sqrt(sum);
        } while (norm == 0);
        for (int j = 0; j < d; j++) {
            v[j] /= norm;
        }
        return v;
    }
}
