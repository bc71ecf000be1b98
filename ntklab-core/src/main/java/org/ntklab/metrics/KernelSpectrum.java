package org.ntklab.metrics;

import java.util.List;
import org.ntklab.linalg.SymmetricEigen;

/** The extreme eigenvalues of the empirical NTK K_t. Missing when the empirical NTK is not observed. */
public final class KernelSpectrum implements Metric {
    public static final String LAMBDA_MIN = "lambda_min";
    public static final String LAMBDA_MAX = "lambda_max";

    @Override
    public List<String> columns() {
        return List.of(LAMBDA_MIN, LAMBDA_MAX);
    }

    @Override
    public void measure(Snapshot s, MetricsRow row) {
        if (s.empiricalNtk() == null) {
            return;
        }
        double[] spectrum = SymmetricEigen.eigenvalues(s.empiricalNtk());
        row.set(LAMBDA_MIN, spectrum[0]);
        row.set(LAMBDA_MAX, spectrum[spectrum.length - 1]);
    }
}
