package org.ntklab.cli.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.linalg.Matrix;

/**
 * The kernel profiles of the paper's Fig. 2 and 3: K(x0, x') for x0 = (1, 0) and x' = (cos phi,
 * sin phi) with phi evenly spaced over [-pi, pi], stored as CSV with a column {@code angle} and one
 * column per curve.
 */
final class Profiles {
    private Profiles() {
    }

    static double[] angles(int count) {
        double[] phi = new double[count];
        for (int k = 0; k < count; k++) {
            phi[k] = -Math.PI + 2 * Math.PI * k / (count - 1);
        }
        return phi;
    }

    static Matrix anchor() {
        return Matrix.of(new double[][] {{1, 0}});
    }

    static Matrix sweep(double[] angles) {
        Matrix x = new Matrix(angles.length, 2);
        for (int k = 0; k < angles.length; k++) {
            x.set(k, 0, Math.cos(angles[k]));
            x.set(k, 1, Math.sin(angles[k]));
        }
        return x;
    }

    /** Writes columns angle, then the named curves, each with one value per angle. */
    static void write(Path file, double[] angles, List<String> names, List<double[]> curves) {
        List<String> header = new ArrayList<>();
        header.add("angle");
        header.addAll(names);
        List<List<?>> rows = new ArrayList<>();
        for (int k = 0; k < angles.length; k++) {
            List<Object> row = new ArrayList<>();
            row.add(angles[k]);
            for (double[] curve : curves) {
                row.add(curve[k]);
            }
            rows.add(row);
        }
        CsvFile.write(file, header, rows);
    }
}
