package org.ntklab.cli.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.io.FileFormatException;
import org.ntklab.io.InvalidInputException;
import org.ntklab.io.Npy;
import org.ntklab.linalg.Matrix;

/**
 * The data of a kernel run and its files: the analytic Gram matrix Theta (x) I_C, the empirical
 * Gram matrix K at initialisation (both nC x nC, row i*C + c for sample i, output c) and their
 * eigenvalues in ascending order.
 */
public record KernelResult(Matrix analytic, Matrix empirical, double[] analyticSpectrum, double[] empiricalSpectrum) {
    public static final String ANALYTIC_FILE = "ntk_analytic.npy";
    public static final String EMPIRICAL_FILE = "ntk_empirical.npy";
    /** The analytic NNGP covariance Sigma (x) I_C, written beside the NTK by ntklab kernel. */
    public static final String NNGP_FILE = "nngp_analytic.npy";
    /** Columns index (1 = smallest), analytic, empirical. */
    public static final String SPECTRUM_FILE = "spectrum.csv";

    public KernelResult {
        analytic.requireSameShape(empirical, "analytic and empirical NTK");
        if (analyticSpectrum.length != analytic.rows() || empiricalSpectrum.length != empirical.rows()) {
            throw new InvalidInputException("spectra of lengths " + analyticSpectrum.length + " and "
                    + empiricalSpectrum.length + " for " + analytic.shape() + " Gram matrices");
        }
    }

    public void writeTo(Path dir) {
        Npy.write(dir.resolve(ANALYTIC_FILE), analytic);
        Npy.write(dir.resolve(EMPIRICAL_FILE), empirical);
        List<List<?>> rows = new ArrayList<>();
        for (int k = 0; k < analyticSpectrum.length; k++) {
            rows.add(List.of(k + 1, analyticSpectrum[k], empiricalSpectrum[k]));
        }
        CsvFile.write(dir.resolve(SPECTRUM_FILE), List.of("index", "analytic", "empirical"), rows);
    }

    /** Reads the files {@link #writeTo} wrote; inconsistent files are a FileFormatException. */
    public static KernelResult readFrom(Path dir) {
        Matrix analytic = Npy.readMatrix(dir.resolve(ANALYTIC_FILE));
        Matrix empirical = Npy.readMatrix(dir.resolve(EMPIRICAL_FILE));
        CsvFile spectrum = CsvFile.read(dir.resolve(SPECTRUM_FILE));
        if (analytic.rows() != analytic.cols() || empirical.rows() != analytic.rows()
                || empirical.cols() != analytic.cols() || spectrum.rows() != analytic.rows()) {
            throw new FileFormatException(dir + ": the kernel files do not fit together: " + ANALYTIC_FILE + " is "
                    + analytic.shape() + ", " + EMPIRICAL_FILE + " " + empirical.shape() + ", " + SPECTRUM_FILE
                    + " has " + spectrum.rows() + " rows");
        }
        return new KernelResult(analytic, empirical, spectrum.column("analytic"), spectrum.column("empirical"));
    }

    /** ||K - Theta||_F / ||Theta||_F. */
    public double relativeDistance() {
        return empirical.distance(analytic) / analytic.frobeniusNorm();
    }

    public KernelSummary summary(int d, int outputs) {
        return new KernelSummary(analytic.rows() / outputs, d, outputs,
                analyticSpectrum[0], analyticSpectrum[analyticSpectrum.length - 1],
                empiricalSpectrum[0], empiricalSpectrum[empiricalSpectrum.length - 1],
                relativeDistance());
    }
}
