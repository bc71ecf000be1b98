package org.ntklab.cli.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.io.Npy;
import org.ntklab.linalg.Matrix;

class MonteCarloTest {
    @TempDir
    Path tmp;

    @Test
    void meanStandardErrorAndJackknifeOfHandMadeKernels() {
        Matrix theta = Matrix.of(new double[][] {{2, 0}, {0, 2}});
        List<Matrix> ks = List.of(Matrix.of(new double[][] {{1, 0}, {0, 2}}), Matrix.of(new double[][] {{3, 0}, {0, 2}}),
                Matrix.of(new double[][] {{2, 1}, {1, 2}}));
        MonteCarlo mc = MonteCarlo.of(ks, theta);
        assertArrayEquals(new double[] {2, 1 / 3.0, 1 / 3.0, 2}, mc.mean().data(), 1e-15);
        // entry (0,0): values 1, 3, 2: sd 1, sem 1/sqrt(3)
        assertEquals(1 / Math.sqrt(3), mc.sem().get(0, 0), 1e-15);
        assertEquals(0, mc.sem().get(1, 1), 0);
        assertEquals(Math.sqrt(2) / 3 / Math.sqrt(8), mc.distance(), 1e-15);
        assertTrue(mc.low() <= mc.distance() && mc.distance() < mc.high());
        assertEquals((2 + Math.sqrt(2)) / 3 / Math.sqrt(8), mc.meanSeedDistance(), 1e-15);
    }

    @Test
    void kernelMonteCarloWritesMeanAndErrorAndTheMeanIsCloserThanOneNetwork() {
        Path out = tmp.resolve("mc");
        Cli.Result r = Cli.run("kernel", "--arch", "fcn", "--depth", "2", "--width", "64", "--data", "circle:n=6",
                "--seed", "3", "--monte-carlo", "8", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matrix mean = Npy.readMatrix(out.resolve(MonteCarlo.MEAN_FILE));
        Matrix sem = Npy.readMatrix(out.resolve(MonteCarlo.SEM_FILE));
        assertEquals("6x6", mean.shape());
        assertEquals("6x6", sem.shape());
        CsvFile csv = CsvFile.read(out.resolve(MonteCarlo.CSV_FILE));
        double d = csv.column("d_mean")[0];
        assertEquals(8, csv.column("networks")[0]);
        assertTrue(csv.column("d_mean_low95")[0] <= d && d <= csv.column("d_mean_high95")[0]);
        assertTrue(d < csv.column("d_single_mean")[0], "averaging over networks removes most of the noise");
        assertTrue(r.out().contains("mean empirical NTK of 8 networks"), r.out());
        // the first network is the run's own empirical NTK
        assertEquals("6x6", Npy.readMatrix(out.resolve("ntk_empirical.npy")).shape());

        Cli.Result bad = Cli.run("kernel", "--arch", "fcn", "--depth", "2", "--width", "64", "--data", "circle:n=6",
                "--seed", "3", "--monte-carlo", "1", "--out", tmp.resolve("bad").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.errLines()[0].contains("--monte-carlo must be 0 (off) or at least 2"), bad.err());
    }
}
