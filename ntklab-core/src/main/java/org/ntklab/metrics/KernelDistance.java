package org.ntklab.metrics;

import java.util.List;
import org.ntklab.linalg.Matrix;

/**
 * How far the empirical NTK K_t has moved, relative to the matrix it is measured from (Frobenius
 * norms): D_inf = ||K_t - Theta|| / ||Theta|| from the infinite-width kernel, D_0 = ||K_t - K_0|| / ||K_0||
 * from the kernel at initialization. Missing when the empirical NTK is not observed.
 */
public final class KernelDistance implements Metric {
    public static final String D_INF = "d_inf";
    public static final String D_0 = "d_0";

    @Override
    public List<String> columns() {
        return List.of(D_INF, D_0);
    }

    @Override
    public void measure(Snapshot s, MetricsRow row) {
        Matrix k = s.empiricalNtk();
        if (k == null) {
            return;
        }
        Matrix theta = s.setup().analyticGram();
        Matrix k0 = s.setup().initialEmpiricalGram();
        row.set(D_INF, k.distance(theta) / theta.frobeniusNorm());
        row.set(D_0, k.distance(k0) / k0.frobeniusNorm());
    }
}
