package org.ntklab.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.testing.TestMatrices;

/** Back-propagated gradients against central finite differences of the network itself. */
class GradientCheckTest {

    static Stream<Arguments> architectures() {
        return Stream.of(
                Arguments.of(Architecture.fcn(3, 1, 7, 1)),
                Arguments.of(Architecture.fcn(3, 2, 6, 1)),
                Arguments.of(Architecture.fcn(3, 3, 5, 3)),
                Arguments.of(Architecture.fcn(4, 2, 6, 3)),
                Arguments.of(Architecture.resnet(3, 1, 6, 1.0, 1)),
                Arguments.of(Architecture.resnet(3, 2, 5, 0.5, 1)),
                Arguments.of(Architecture.resnet(3, 3, 5, 1.0, 3)),
                Arguments.of(Architecture.resnet(4, 2, 6, 0.7, 3)));
    }

    /** Objective sum_i <g_i, f(x_i)>, whose gradient is network.gradient(trace, g). */
    static double objective(Network net, Matrix x, Matrix g) {
        Matrix f = net.forward(x);
        double s = 0;
        for (int i = 0; i < f.data().length; i++) {
            s += f.data()[i] * g.data()[i];
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void backpropMatchesCentralDifferences(Architecture arch) {
        Network net = Network.initialize(arch, 11);
        // ResNet biases start at zero; move them so their gradients are exercised away from 0 too
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
        double[] numeric = new double[theta.length];
        double h = 1e-5;
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + h;
            p.unflatten(theta);
            double plus = objective(net, x, g);
            theta[i] = saved - h;
            p.unflatten(theta);
            double minus = objective(net, x, g);
            theta[i] = saved;
            numeric[i] = (plus - minus) / (2 * h);
        }
        p.unflatten(theta);

        double diff = 0;
        double norm = 0;
        for (int i = 0; i < theta.length; i++) {
            diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            norm += analytic[i] * analytic[i];
        }
        double relative = Math.sqrt(diff / norm);
        assertTrue(relative < 1e-6, arch.label() + ": relative gradient error " + relative);
    }
}
