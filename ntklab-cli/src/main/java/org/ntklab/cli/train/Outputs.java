package org.ntklab.cli.train;

import java.nio.file.Path;
import java.util.List;
import org.ntklab.cli.run.CsvFile;

/**
 * A training run's {@code outputs.csv}: at every observation time t the network's outputs
 * f_i(t) and the kernel machine's u_i(t) on (up to 32 of) the training samples, columns
 * {@code f_I} and {@code u_I} ({@code f_I_C}, {@code u_I_C} with several outputs).
 */
public record Outputs(double[] t, List<String> names, double[][] f, double[][] u) {
    public static final String FILE = "outputs.csv";

    public static Outputs read(Path dir) {
        CsvFile csv = CsvFile.read(dir.resolve(FILE));
        List<String> names = csv.header().stream().filter(h -> h.startsWith("f_")).map(h -> h.substring(2)).toList();
        double[][] f = new double[names.size()][];
        double[][] u = new double[names.size()][];
        for (int k = 0; k < names.size(); k++) {
            f[k] = csv.columnOrNaN("f_" + names.get(k));
            u[k] = csv.hasColumn("u_" + names.get(k)) ? csv.columnOrNaN("u_" + names.get(k)) : nans(f[k].length);
        }
        return new Outputs(csv.columnOrNaN("t"), names, f, u);
    }

    private static double[] nans(int length) {
        double[] v = new double[length];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }

    /** Whether the kernel machine's outputs were recorded (not all NaN). */
    public boolean hasKernelMachine() {
        for (double[] column : u) {
            for (double v : column) {
                if (!Double.isNaN(v)) {
                    return true;
                }
            }
        }
        return false;
    }
}
