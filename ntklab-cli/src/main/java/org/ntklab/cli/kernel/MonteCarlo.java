package org.ntklab.cli.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.io.InvalidInputException;
import org.ntklab.io.Npy;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Matrix;

/**
 * {@code ntklab kernel --monte-carlo N}: the empirical NTK of N networks (seeds S, S+1, ..., S+N-1 on
 * the same inputs), its entrywise mean and standard error, and the distance of the mean to the analytic
 * NTK, D = ||mean - Theta||_F / ||Theta||_F, with a jackknife interval over the seeds (D is not linear
 * in the kernels, so the entrywise errors do not give its error directly). The mean converges to
 * E[K_0], whose distance to Theta is the finite-width bias, O(1/m), where one network's is O(m^-1/2).
 * Keeps the N Gram matrices (8 (nC)^2 bytes each) for the jackknife.
 *
 * @param seeds           N
 * @param mean            the entrywise mean of the N Gram matrices
 * @param sem             the entrywise standard error of the mean, sd / sqrt(N)
 * @param distance        D of the mean
 * @param standardError   the jackknife standard error of D
 * @param low             D - 1.96 standardError (a 95 % interval, from the normal approximation)
 * @param high            D + 1.96 standardError
 * @param meanSeedDistance the average over seeds of each network's own distance to Theta
 */
public record MonteCarlo(int seeds, Matrix mean, Matrix sem, double distance, double standardError, double low,
                         double high, double meanSeedDistance) {
    public static final String MEAN_FILE = "ntk_empirical_mean.npy";
    public static final String SEM_FILE = "ntk_empirical_sem.npy";
    public static final String CSV_FILE = "monte-carlo.csv";
    static final double Z95 = 1.959963984540054;

    /**
     * @param first the Gram matrix of seed {@code seed}, already computed (null: compute it)
     * @param done  told the number of networks done after each
     */
    public static MonteCarlo run(Architecture architecture, Matrix x, long seed, int n, Matrix theta, Matrix first,
                                 IntConsumer done) {
        if (n < 2) {
            throw new InvalidInputException("--monte-carlo needs at least 2 networks for a standard error, got " + n);
        }
        List<Matrix> kernels = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            kernels.add(s == 0 && first != null ? first : EmpiricalNtk.gram(Network.initialize(architecture, seed + s), x));
            done.accept(s + 1);
        }
        return of(kernels, theta);
    }

    /** The statistics of given Gram matrices (at least two). */
    static MonteCarlo of(List<Matrix> kernels, Matrix theta) {
        int n = kernels.size();
        int size = theta.data().length;
        double[] sum = new double[size];
        for (Matrix k : kernels) {
            k.requireSameShape(theta, "empirical and analytic NTK");
            double[] d = k.data();
            for (int i = 0; i < size; i++) {
                sum[i] += d[i];
            }
        }
        double[] mean = new double[size];
        for (int i = 0; i < size; i++) {
            mean[i] = sum[i] / n;
        }
        double[] sem = new double[size];
        for (Matrix k : kernels) {
            double[] d = k.data();
            for (int i = 0; i < size; i++) {
                double e = d[i] - mean[i];
                sem[i] += e * e;
            }
        }
        for (int i = 0; i < size; i++) {
            sem[i] = Math.sqrt(sem[i] / (n - 1) / n);
        }
        double thetaNorm = theta.frobeniusNorm();
        double[] t = theta.data();
        double distance = distance(mean, t, thetaNorm);

        // jackknife: the distance of each leave-one-out mean
        double[] leaveOut = new double[n];
        double seedDistances = 0;
        double[] partial = new double[size];
        for (int j = 0; j < n; j++) {
            double[] d = kernels.get(j).data();
            for (int i = 0; i < size; i++) {
                partial[i] = (sum[i] - d[i]) / (n - 1);
            }
            leaveOut[j] = distance(partial, t, thetaNorm);
            seedDistances += distance(d, t, thetaNorm);
        }
        double leaveOutMean = 0;
        for (double v : leaveOut) {
            leaveOutMean += v / n;
        }
        double ss = 0;
        for (double v : leaveOut) {
            ss += (v - leaveOutMean) * (v - leaveOutMean);
        }
        double se = Math.sqrt((n - 1.0) / n * ss);
        return new MonteCarlo(n, new Matrix(theta.rows(), theta.cols(), mean), new Matrix(theta.rows(), theta.cols(), sem),
                distance, se, Math.max(0, distance - Z95 * se), distance + Z95 * se, seedDistances / n);
    }

    private static double distance(double[] k, double[] theta, double thetaNorm) {
        double s = 0;
        for (int i = 0; i < k.length; i++) {
            double e = k[i] - theta[i];
            s += e * e;
        }
        return Math.sqrt(s) / thetaNorm;
    }

    public void writeTo(Path dir) {
        Npy.write(dir.resolve(MEAN_FILE), mean);
        Npy.write(dir.resolve(SEM_FILE), sem);
        CsvFile.write(dir.resolve(CSV_FILE),
                List.of("networks", "d_mean", "d_mean_se", "d_mean_low95", "d_mean_high95", "d_single_mean"),
                List.of(List.of(seeds, distance, standardError, low, high, meanSeedDistance)));
    }

    /** One line for stdout. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "mean empirical NTK of %d networks: ||mean - Theta||_F / ||Theta||_F = %.4g (95%% interval %.4g to %.4g; "
                        + "one network's on average %.4g)", seeds, distance, low, high, meanSeedDistance);
    }
}
