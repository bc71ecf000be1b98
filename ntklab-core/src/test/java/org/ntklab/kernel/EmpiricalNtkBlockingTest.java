package org.ntklab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

/**
 * The Gram matrix formed by blocks of rows (lower triangle, then mirrored) against the brute-force
 * J J^T for block sizes that do and do not divide n, exact symmetry, and independence of the BLAS
 * thread count.
 */
class EmpiricalNtkBlockingTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Architecture.fcn(3, 2, 8, 1), 1),
                Arguments.of(Architecture.fcn(3, 2, 8, 1), 4),
                Arguments.of(Architecture.fcn(3, 3, 7, 3), 3),
                Arguments.of(Architecture.resnet(3, 2, 6, 0.5, 3), 5),
                Arguments.of(Architecture.resnet(3, 2, 6, 1.0, 1), 2));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void blockedGramEqualsJacobianProduct(Architecture arch, int block) {
        Network net = Network.initialize(arch, 31);
        Matrix x = TestMatrices.gaussian(11, arch.inputDim(), 32);
        Matrix blocked = EmpiricalNtk.gram(net, x, block);
        Matrix j = EmpiricalNtkBruteForceTest.jacobian(net, x);
        Matrix bruteForce = Blas.multiply(false, j, true, j);
        double relative = blocked.distance(bruteForce) / bruteForce.frobeniusNorm();
        assertTrue(relative < 1e-12, arch.label() + " block " + block + ": relative difference " + relative);
        for (int r = 0; r < blocked.rows(); r++) {
            for (int s = 0; s < r; s++) {
                assertEquals(blocked.get(r, s), blocked.get(s, r), 0.0);
            }
        }
        Matrix x2 = TestMatrices.gaussian(7, arch.inputDim(), 33);
        Matrix cross = EmpiricalNtk.cross(net, x, x2, block);
        Matrix crossBrute = Blas.multiply(false, j, true, EmpiricalNtkBruteForceTest.jacobian(net, x2));
        double crossRelative = cross.distance(crossBrute) / crossBrute.frobeniusNorm();
        assertTrue(crossRelative < 1e-12, arch.label() + " cross, block " + block + ": " + crossRelative);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gramDoesNotDependOnTheBlasThreadCount(Architecture arch, int block) {
        Network net = Network.initialize(arch, 41);
        Matrix x = TestMatrices.gaussian(70, arch.inputDim(), 42);
        int before = Blas.threads();
        try {
            Blas.setThreads(1);
            Matrix one = EmpiricalNtk.gram(net, x, block * 7);
            Blas.setThreads(Math.max(2, Runtime.getRuntime().availableProcessors()));
            Matrix many = EmpiricalNtk.gram(net, x, block * 7);
            assertArrayEquals(one.data(), many.data());
        } finally {
            Blas.setThreads(before);
        }
    }
}
