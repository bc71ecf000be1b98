package org.ntklab.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Dense;
import org.ntklab.arch.Layer;
import org.ntklab.arch.Network;
import org.ntklab.arch.NormalizedActivation;
import org.ntklab.arch.NormalizedRelu;
import org.ntklab.data.DataSpec;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.LinearFit;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricEigen;
import org.ntklab.testing.TestMatrices;

/**
 * Every activation in the finite network and in the analytic kernels: back-propagation against
 * finite differences, the empirical NTK converging to the analytic one like m^(-1/2), the analytic
 * NTK positive definite on the paper's six circle points, and ReLU untouched.
 */
class ActivationNetworkTest {

    static List<Activation> activations() {
        return List.copyOf(Activations.all().values());
    }

    static double objective(Network net, Matrix x, Matrix g) {
        Matrix f = net.forward(x);
        double s = 0;
        for (int i = 0; i < f.data().length; i++) {
            s += f.data()[i] * g.data()[i];
        }
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void backpropMatchesCentralDifferences(Activation phi) {
        for (Architecture arch : List.of(Architecture.fcn(3, 2, 6, 2, phi), Architecture.resnet(3, 2, 5, 0.7, 1, phi))) {
            Network net = Network.initialize(arch, 11);
            Random r = new Random(5);
            BlockVector p = net.parameters();
            for (int k = 0; k < p.blockCount(); k++) {
                double[] b = p.block(k);
                for (int i = 0; i < b.length; i++) {
                    b[i] += 0.1 * r.nextGaussian();
                }
            }
            Matrix x = TestMatrices.gaussian(4, arch.inputDim(), 3);
            Matrix g = TestMatrices.gaussian(4, arch.outputs(), 4);
            double[] analytic = net.gradient(net.trace(x), g).flatten();
            double[] theta = p.flatten();
            double h = 1e-5;
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < theta.length; i++) {
                double saved = theta[i];
                theta[i] = saved + h;
                p.unflatten(theta);
                double plus = objective(net, x, g);
                theta[i] = saved - h;
                p.unflatten(theta);
                double minus = objective(net, x, g);
                theta[i] = saved;
                p.unflatten(theta);
                double numeric = (plus - minus) / (2 * h);
                diff += (analytic[i] - numeric) * (analytic[i] - numeric);
                norm += analytic[i] * analytic[i];
            }
            double relative = Math.sqrt(diff / norm);
            assertTrue(relative < 1e-6, arch.label() + ": relative gradient error " + relative);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void analyticNtkIsPositiveDefiniteOnTheSixCirclePoints(Activation phi) {
        Matrix x = DataSpec.parse("circle:n=6").load(1).train().x();
        for (Architecture arch : List.of(Architecture.fcn(2, 2, 1, 1, phi), Architecture.resnet(2, 2, 1, 1.0, 1, phi))) {
            double[] eig = SymmetricEigen.eigenvalues(AnalyticKernels.ntk(arch, x, x));
            System.out.printf("circle:n=6 %s lambda_min=%.6g lambda_max=%.6g%n", arch.label(), eig[0], eig[5]);
            if (phi instanceof Identity) {
                // a linear network's kernels are affine in <x, x'>: rank d + 1 = 3 on points of the plane
                assertTrue(Math.abs(eig[2]) < 1e-12 * eig[5] && eig[3] > 1e-3 * eig[5], arch.label());
            } else {
                assertTrue(eig[0] > 1e-4, arch.label() + " lambda_min " + eig[0]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void empiricalNtkConvergesToTheAnalyticOneLikeInverseSquareRootOfWidth(Activation phi) {
        int[] widths = {64, 256, 1024, 4096};
        int seeds = 4;
        Matrix x = TestMatrices.unitRows(6, 4, 99);
        double[] logWidth = new double[widths.length];
        double[] logDistance = new double[widths.length];
        StringBuilder report = new StringBuilder(phi.spec() + " fcn L=2:");
        for (int w = 0; w < widths.length; w++) {
            Architecture arch = Architecture.fcn(4, 2, widths[w], 1, phi);
            Matrix theta = AnalyticKernels.ntkGram(arch, x);
            double sum = IntStream.range(0, seeds).parallel().mapToDouble(seed ->
                    EmpiricalNtk.gram(Network.initialize(arch, 500 + seed), x).distance(theta)
                            / theta.frobeniusNorm()).sum();
            logWidth[w] = Math.log(widths[w]);
            logDistance[w] = Math.log(sum / seeds);
            report.append(String.format(" D(%d)=%.4g", widths[w], sum / seeds));
        }
        double slope = LinearFit.slope(logWidth, logDistance);
        report.append(String.format(" slope=%.3f", slope));
        System.out.println(report);
        assertTrue(slope > -0.7 && slope < -0.3, report.toString());
        // and the distance is small at the largest width: the analytic kernel is the limit, not a neighbour
        assertTrue(Math.exp(logDistance[widths.length - 1]) < 0.1, report.toString());
    }

    @Test
    void reluKeepsThePapersLayers() {
        Architecture arch = Architecture.fcn(2, 2, 8, 1, new Relu());
        assertEquals(Architecture.fcn(2, 2, 8, 1), arch);
        assertEquals(Architecture.resnet(2, 2, 8, 1.0, 1), Architecture.resnet(2, 2, 8, 1.0, 1, new Relu()));
        assertTrue(arch.layers().stream().anyMatch(l -> l instanceof NormalizedRelu));
        assertTrue(arch.layers().stream().noneMatch(l -> l instanceof NormalizedActivation));
    }

    @Test
    void theGenericLayerWithReluAgreesWithTheFusedOne() {
        // the same network through NormalizedActivation(relu): outputs, gradients and kernels agree to rounding
        Architecture fused = Architecture.fcn(3, 2, 16, 1);
        Architecture generic = new Architecture("generic", 3, fused.layers().stream()
                .map(l -> l instanceof NormalizedRelu ? (Layer) new NormalizedActivation(new Relu()) : l).toList());
        Network a = Network.initialize(fused, 3);
        Network b = Network.withParameters(generic, a.parameters());
        Matrix x = TestMatrices.gaussian(5, 3, 8);
        assertTrue(a.forward(x).distance(b.forward(x)) < 1e-12);
        Matrix g = TestMatrices.gaussian(5, 1, 9);
        double[] ga = a.gradient(a.trace(x), g).flatten();
        double[] gb = b.gradient(b.trace(x), g).flatten();
        for (int i = 0; i < ga.length; i++) {
            assertEquals(ga[i], gb[i], 1e-12);
        }
        Matrix ka = AnalyticKernels.ntk(fused, x, x);
        Matrix kb = AnalyticKernels.ntk(generic, x, x);
        assertTrue(ka.distance(kb) < 1e-12 * ka.frobeniusNorm());
        assertTrue(EmpiricalNtk.gram(a, x).distance(EmpiricalNtk.gram(b, x)) < 1e-10);
        assertTrue(generic.layers().get(0) instanceof Dense);
    }
}
