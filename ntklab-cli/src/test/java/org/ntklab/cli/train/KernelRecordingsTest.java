package org.ntklab.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.Main;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.io.Npy;
import org.ntklab.linalg.Matrix;

/** train --record-profile and --record-pairs: the files, and values checked against the run's own Gram matrices. */
class KernelRecordingsTest {
    @TempDir
    Path tmp;

    private static Cli.Result train(Path out, String data, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--arch", "fcn", "--depth", "2", "--width", "16",
                "--data", data, "--seed", "3", "--integrator", "gd", "--lr", "0.1", "--t-max", "2",
                "--first-observation", "0.1", "--observations-per-decade", "2", "--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void profileOnTheCircleAndPairsMatchTheGramMatrices() throws Exception {
        Path out = tmp.resolve("run");
        Cli.Result r = train(out, "circle:n=6", "--record-profile", "0", "--profile-angles", "7",
                "--record-pairs", "0:1,2:5");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        Matrix k0 = Npy.readMatrix(out.resolve("ntk_initial.npy"));
        Matrix kEnd = Npy.readMatrix(out.resolve("ntk_final.npy"));
        Matrix theta = Npy.readMatrix(out.resolve("ntk_analytic.npy"));
        Metrics metrics = Metrics.read(out);

        CsvFile profile = CsvFile.read(out.resolve(KernelRecordings.PROFILE_FILE));
        assertEquals(7, profile.rows());
        double[] angle = profile.column("angle");
        // 7 angles over [-pi, pi]: -pi, -2pi/3, -pi/3, 0, pi/3, 2pi/3, pi; x_0 = (1, 0) and x_k = (cos k pi/3, sin k pi/3)
        close(0, angle[3], "middle angle");
        close(Math.PI / 3, angle[4], "angle step");
        List<String> times = profile.header().subList(2, profile.header().size());
        assertEquals(metrics.rows(), times.size(), "one column per observation");
        assertEquals("t=0.0", times.get(0));
        double[] first = profile.column(times.get(0));
        double[] last = profile.column(times.get(times.size() - 1));
        double[] analytic = profile.column("analytic");
        // angle 0 is x_0 itself, pi/3 is x_1, 2pi/3 is x_2, pi is x_3, -pi/3 is x_5
        int[][] atSample = {{3, 0}, {4, 1}, {5, 2}, {6, 3}, {0, 3}, {2, 5}};
        for (int[] a : atSample) {
            close(k0.get(0, a[1]), first[a[0]], "K_0(x_0, x_" + a[1] + ")");
            close(kEnd.get(0, a[1]), last[a[0]], "K_T(x_0, x_" + a[1] + ")");
            close(theta.get(0, a[1]), analytic[a[0]], "Theta(x_0, x_" + a[1] + ")");
        }
        assertNotEquals(first[4], last[4], "the kernel moved during training");

        CsvFile pairs = CsvFile.read(out.resolve(KernelRecordings.PAIRS_FILE));
        assertEquals(List.of("t", "step", "k_0_1", "k_2_5", "theta_0_1", "theta_2_5"), pairs.header());
        assertEquals(metrics.rows(), pairs.rows());
        int end = pairs.rows() - 1;
        assertEquals(k0.get(0, 1), pairs.column("k_0_1")[0]);
        assertEquals(kEnd.get(2, 5), pairs.column("k_2_5")[end]);
        close(theta.get(2, 5), pairs.column("theta_2_5")[end], "Theta(x_2, x_5)");
        assertEquals(20, pairs.column("step")[end], "t = 2 at rate 0.1 is step 20");
    }

    @Test
    void profileOverTheTrainingInputsOnOtherData() throws Exception {
        Path out = tmp.resolve("sphere");
        Cli.Result r = train(out, "sphere:d=3,n=5", "--record-profile", "2");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        CsvFile profile = CsvFile.read(out.resolve(KernelRecordings.PROFILE_FILE));
        assertEquals("j", profile.header().get(0));
        assertEquals(5, profile.rows());
        Matrix k0 = Npy.readMatrix(out.resolve("ntk_initial.npy"));
        double[] first = profile.column("t=0.0");
        for (int j = 0; j < 5; j++) {
            close(k0.get(2, j), first[j], "K_0(x_2, x_j)");
        }
    }

    @Test
    void badRecordingOptionsAreUsageErrors() {
        String[][] bad = {
            {"--record-pairs", "0-1"}, {"--record-pairs", "0:6"}, {"--record-profile", "6"},
            {"--profile-angles", "10"}, {"--record-profile", "0", "--profile-angles", "1"},
            {"--record-pairs", "0:1", "--no-observe-kernel"}};
        for (String[] options : bad) {
            Path out = tmp.resolve("bad" + String.join("", options).replaceAll("[^a-z0-9]", ""));
            Cli.Result r = train(out, "circle:n=6", options);
            assertNotEquals(ExitCodes.OK, r.exitCode(), String.join(" ", options));
            assertTrue(r.err().contains("--record") || r.err().contains("--profile"), r.err());
            assertFalse(Files.exists(out.resolve("run.json")), "nothing written for " + String.join(" ", options));
        }
    }
}
