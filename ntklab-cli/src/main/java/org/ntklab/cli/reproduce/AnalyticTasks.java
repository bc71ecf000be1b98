package org.ntklab.cli.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.ArchitectureSpec;
import org.ntklab.arch.Network;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricEigen;

/** The tasks that need no training: eigenvalues of analytic NTKs, kernel profiles at initialisation. */
final class AnalyticTasks {
    static final String DEPTH_FILE_PREFIX = "lambda-depth-";
    static final String DISTANCE_FILE = "lambda-distance.csv";
    static final String INIT_PROFILE_FILE = "kernel-profile-init.csv";
    static final List<String> ARCHS = ArchitectureSpec.KINDS;

    private AnalyticTasks() {
    }

    static Architecture architecture(String arch, int inputDim, int depth, int width) {
        return ArchitectureSpec.of(arch, depth, width).build(inputDim, 1);
    }

    /** lambda_min and lambda_max of Theta(X, X) for FCN and ResNet at every depth: {@code lambda-depth-LABEL.csv}. */
    static Task depth(String label, String data, List<Integer> depths, long seed, double cost) {
        return Task.of("lambda-depth-" + label, cost, (runDir, progress) -> {
            Dataset train = DataSpec.parse(data).load(seed).train();
            List<List<?>> rows = new ArrayList<>();
            int done = 0;
            for (String arch : ARCHS) {
                for (int depth : depths) {
                    Matrix theta = AnalyticKernels.ntkGram(architecture(arch, train.dim(), depth, 16), train.x());
                    double[] spectrum = SymmetricEigen.eigenvalues(theta);
                    rows.add(List.of(arch, depth, train.n(), spectrum[0], spectrum[spectrum.length - 1]));
                    progress.accept(++done / (double) (ARCHS.size() * depths.size()));
                }
            }
            CsvFile.write(runDir.resolve(DEPTH_FILE_PREFIX + label + ".csv"),
                    List.of("arch", "depth", "n", "lambda_min", "lambda_max"), rows);
        });
    }

    /**
     * lambda_min of Theta on the six circle points with two of them moved to distance DIST
     * ({@code circle:n=6,near=DIST}): {@code lambda-distance.csv}.
     */
    static Task distance(int depth, List<Double> distances, long seed) {
        return Task.of("lambda-distance", 0.5, (runDir, progress) -> {
            List<List<?>> rows = new ArrayList<>();
            int done = 0;
            for (String arch : ARCHS) {
                for (double distance : distances) {
                    Dataset train = DataSpec.parse(Plan.CIRCLE + ",near=" + distance).load(seed).train();
                    Matrix theta = AnalyticKernels.ntkGram(architecture(arch, train.dim(), depth, 16), train.x());
                    double[] spectrum = SymmetricEigen.eigenvalues(theta);
                    rows.add(List.of(arch, depth, distance, spectrum[0], spectrum[spectrum.length - 1]));
                    progress.accept(++done / (double) (ARCHS.size() * distances.size()));
                }
            }
            CsvFile.write(runDir.resolve(DISTANCE_FILE),
                    List.of("arch", "depth", "distance", "lambda_min", "lambda_max"), rows);
        });
    }

    /** Fig. 2: K_0(x0, x') of FCNs of several widths at initialisation and the analytic NTK. */
    static Task initProfile(int depth, List<Integer> widths, int angles, long seed) {
        double cost = widths.stream().mapToDouble(m -> 2e-6 * m * m * depth * angles / 361.0).sum() + 0.5;
        return Task.of("kernel-profile-init", cost, (runDir, progress) -> {
            double[] phi = Profiles.angles(angles);
            Matrix anchor = Profiles.anchor();
            Matrix sweep = Profiles.sweep(phi);
            List<String> names = new ArrayList<>(List.of("analytic"));
            List<double[]> curves = new ArrayList<>();
            curves.add(AnalyticKernels.ntk(architecture(ArchitectureSpec.FCN, 2, depth, 16), anchor, sweep).data());
            int done = 0;
            for (int m : widths) {
                Network network = Network.initialize(architecture(ArchitectureSpec.FCN, 2, depth, m), seed);
                names.add("m=" + m);
                curves.add(EmpiricalNtk.cross(network, anchor, sweep).data().clone());
                progress.accept(++done / (double) widths.size());
            }
            Profiles.write(runDir.resolve(INIT_PROFILE_FILE), phi, names, curves);
        });
    }
}
