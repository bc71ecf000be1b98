package org.ntklab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;
import org.ntklab.testing.TestMatrices;

/** The layer-wise empirical NTK against J J^T from explicit per-sample Jacobians. */
class EmpiricalNtkBruteForceTest {

    static Stream<Arguments> architectures() {
        return Stream.of(
                Arguments.of(Architecture.fcn(3, 1, 9, 1)),
                Arguments.of(Architecture.fcn(3, 3, 8, 1)),
                Arguments.of(Architecture.fcn(3, 2, 8, 3)),
                Arguments.of(Architecture.resnet(3, 2, 8, 1.0, 1)),
                Arguments.of(Architecture.resnet(3, 3, 7, 0.5, 3)));
    }

    /** Row i*C + c is grad_theta f_c(x_i), from a one-sample backward pass per (i, c). */
    static Matrix jacobian(Network net, Matrix x) {
        int c = net.outputs();
        int p = (int) net.parameters().count();
        Matrix j = new Matrix(x.rows() * c, p);
        for (int i = 0; i < x.rows(); i++) {
            Matrix xi = x.rowRange(i, i + 1);
            Network.Trace trace = net.trace(xi);
            for (int o = 0; o < c; o++) {
                Matrix seed = new Matrix(1, c);
                seed.set(0, o, 1.0);
                double[] g = net.gradient(trace, seed).flatten();
                System.arraycopy(g, 0, j.data(), (i * c + o) * p, p);
            }
        }
        return j;
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void gramEqualsJacobianProduct(Architecture arch) {
        Network net = Network.initialize(arch, 21);
        Matrix x = TestMatrices.gaussian(5, arch.inputDim(), 8);
        Matrix layerwise = EmpiricalNtk.gram(net, x);
        Matrix j = jacobian(net, x);
        Matrix bruteForce = Blas.multiply(false, j, true, j);
        double relative = layerwise.distance(bruteForce) / bruteForce.frobeniusNorm();
        assertTrue(relative < 1e-10, arch.label() + ": relative difference " + relative);
        assertEquals(5 * arch.outputs(), layerwise.rows());
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void crossKernelEqualsJacobianProduct(Architecture arch) {
        Network net = Network.initialize(arch, 22);
        Matrix x1 = TestMatrices.gaussian(4, arch.inputDim(), 9);
        Matrix x2 = TestMatrices.gaussian(3, arch.inputDim(), 10);
        Matrix layerwise = EmpiricalNtk.cross(net, x1, x2);
        Matrix bruteForce = Blas.multiply(false, jacobian(net, x1), true, jacobian(net, x2));
        double relative = layerwise.distance(bruteForce) / bruteForce.frobeniusNorm();
        assertTrue(relative < 1e-10, arch.label() + ": relative difference " + relative);
    }
}
