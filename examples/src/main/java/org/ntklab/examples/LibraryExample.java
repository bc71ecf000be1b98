package org.ntklab.examples;

// The README's "Using the core as a library" snippet, imports and all: the build compiles it, and
// ReadmeSnippetTest checks that the README shows exactly these lines.
import java.nio.file.Path;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.io.Npy;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricEigen;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingRun;

public final class LibraryExample {
    private LibraryExample() {
    }

    public static void main(String[] args) {
        // README begin
        Dataset data = DataSpec.parse("circle:n=6").load(1).train();
        Architecture arch = Architecture.fcn(2, 3, 2000, 1);          // d, depth L, width m, outputs C
        Matrix theta = AnalyticKernels.ntkGram(arch, data.x());         // analytic NTK Gram matrix
        Network net = Network.initialize(arch, 42);                      // seeded, N(0,1) parameters
        Matrix k0 = EmpiricalNtk.gram(net, data.x());                    // exact empirical NTK
        double dInf = k0.distance(theta) / theta.frobeniusNorm();
        double lambdaMin = SymmetricEigen.eigenvalues(theta)[0];
        Npy.write(Path.of("theta.npy"), theta);                          // numpy.load("theta.npy")

        TrainingConfig config = TrainingConfig.defaults("fcn", 2, 256, 1.0, "circle:n=6", "ce").withTMax(1e30);
        TrainingRun.Result result = TrainingRun.start(config, Path.of("runs/ce")).run(TrainingRun.ProgressListener.NONE);
        // README end
        System.out.println("D_inf(0) = " + dInf + ", lambda_min(Theta) = " + lambdaMin + ", " + result);
    }
}
