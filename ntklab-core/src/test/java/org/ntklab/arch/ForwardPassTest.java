package org.ntklab.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.testing.TestMatrices;

/** The native-buffer forward and backward passes: outputs, reuse of buffers, and order independence. */
class ForwardPassTest {

    static Stream<Arguments> architectures() {
        return Stream.of(
                Arguments.of(Architecture.fcn(5, 3, 8, 1)),
                Arguments.of(Architecture.fcn(5, 2, 7, 3)),
                Arguments.of(Architecture.resnet(5, 2, 6, 0.7, 1)),
                Arguments.of(Architecture.resnet(5, 3, 6, 1.0, 3)));
    }

    /** The network evaluated one sample and one layer at a time with plain loops (docs/paper.md's formulas). */
    static double[] reference(Network net, double[] x) {
        return apply(net.architecture().layers(), net, new int[] {0}, x);
    }

    private static double[] apply(java.util.List<Layer> layers, Network net, int[] block, double[] in) {
        double[] a = in;
        for (Layer layer : layers) {
            if (layer instanceof Dense dense) {
                double[] w = net.parameters().block(block[0]++);
                double[] b = dense.bias().exists() ? net.parameters().block(block[0]++) : null;
                double[] out = new double[dense.outputs()];
                for (int k = 0; k < out.length; k++) {
                    double s = 0;
                    for (int j = 0; j < a.length; j++) {
                        s += w[k * a.length + j] * a[j];
                    }
                    out[k] = s + (b == null ? 0 : b[k]);
                }
                a = out;
            } else if (layer instanceof NormalizedRelu relu) {
                double c = Math.sqrt(relu.gain() / a.length);
                double[] out = new double[a.length];
                for (int k = 0; k < a.length; k++) {
                    out[k] = c * Math.max(a[k], 0);
                }
                a = out;
            } else if (layer instanceof WidthScale scale) {
                double c = Math.sqrt(scale.gain() / a.length);
                double[] out = new double[a.length];
                for (int k = 0; k < a.length; k++) {
                    out[k] = c * a[k];
                }
                a = out;
            } else if (layer instanceof Residual residual) {
                double[] br = apply(residual.branch(), net, block, a);
                double[] out = new double[a.length];
                for (int k = 0; k < a.length; k++) {
                    out[k] = a[k] + residual.alpha() * br[k];
                }
                a = out;
            }
        }
        return a;
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void forwardAndTraceMatchTheLayerFormulas(Architecture arch) {
        Network net = Network.initialize(arch, 3);
        BlockVector p = net.parameters();
        for (int k = 0; k < p.blockCount(); k++) {
            double[] b = p.block(k);
            for (int i = 0; i < b.length; i++) {
                b[i] += 0.05 * Math.sin(i + k);
            }
        }
        Matrix x = TestMatrices.gaussian(6, arch.inputDim(), 4);
        Matrix f = net.forward(x);
        Matrix traced = net.trace(x).output();
        for (int i = 0; i < x.rows(); i++) {
            double[] expected = reference(net, x.row(i));
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], f.get(i, c), 1e-12 * (1 + Math.abs(expected[c])));
                assertEquals(f.get(i, c), traced.get(i, c), 0.0);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void aTraceStaysValidWhenAnotherOfTheSameSizeIsTaken(Architecture arch) {
        Network net = Network.initialize(arch, 5);
        Matrix x1 = TestMatrices.gaussian(4, arch.inputDim(), 6);
        Matrix x2 = TestMatrices.gaussian(4, arch.inputDim(), 7);
        Matrix g = TestMatrices.gaussian(4, arch.outputs(), 8);
        double[] alone = net.gradient(net.trace(x1), g).flatten();
        Network.Trace t1 = net.trace(x1);
        Network.Trace t2 = net.trace(x2);
        net.forward(TestMatrices.gaussian(9, arch.inputDim(), 9));
        assertArrayEquals(alone, net.gradient(t1, g).flatten());
        double[] second = net.gradient(t2, g).flatten();
        assertArrayEquals(net.gradient(net.trace(x2), g).flatten(), second);
        // backward twice on one trace gives the same gradient
        assertArrayEquals(second, net.gradient(t2, g).flatten());
    }

    @Test
    void stepsReuseTheirBuffers() {
        Network net = Network.initialize(Architecture.fcn(6, 2, 10, 1), 1);
        Matrix x = TestMatrices.gaussian(5, 6, 2);
        Matrix g = TestMatrices.gaussian(5, 1, 3);
        BlockVector grad = net.parameters().zerosLike();
        try (ForwardPass pass = net.forwardPass(x)) {
            pass.backward(g, 1, (layer, delta, repeat, input) -> { });
            long bytes = pass.nativeBytes();
            for (int step = 0; step < 3; step++) {
                pass.run(x);
                pass.backward(g, 1, (layer, delta, repeat, input) -> { });
            }
            assertEquals(bytes, pass.nativeBytes());
        }
        for (int step = 0; step < 3; step++) {
            net.gradientInto(net.trace(x), g, grad);
            net.parameters().addScaled(-1e-3, grad);
        }
    }

    @Test
    void releasedBuffersAreMadeAgainWhenNeeded() {
        Network net = Network.initialize(Architecture.resnet(4, 2, 6, 0.5, 1), 2);
        Matrix x = TestMatrices.gaussian(5, 4, 3);
        Matrix g = TestMatrices.gaussian(5, 1, 4);
        Network.Trace trace = net.trace(x);
        double[] expected = net.gradient(trace, g).flatten();
        try (ForwardPass pass = net.forwardPass(x)) {
            net.releaseBuffers();
            double[][] first = new double[1][];
            pass.backward(g, 1, (layer, delta, repeat, input) -> {
                if (first[0] == null) {
                    first[0] = delta.toMatrix().data();
                }
            });
            assertEquals(g.data().length, first[0].length);
        }
        assertArrayEquals(expected, net.gradient(trace, g).flatten());
        assertArrayEquals(net.trace(x).output().data(), net.forward(x).data());
    }

    @Test
    void releasingBackwardFreesThePassForOneUseOnly() {
        Network net = Network.initialize(Architecture.fcn(4, 2, 6, 2), 1);
        Matrix x = TestMatrices.gaussian(3, 4, 2);
        Matrix seeds = TestMatrices.gaussian(6, 2, 3);
        double[][] first = new double[1][];
        try (ForwardPass pass = net.forwardPass(x)) {
            pass.backward(seeds, 2, (layer, delta, repeat, input) -> {
                if (first[0] == null) {
                    first[0] = delta.toMatrix().data();
                }
            });
            double[][] again = new double[1][];
            pass.backwardAndRelease(seeds, 2, (layer, delta, repeat, input) -> {
                if (again[0] == null) {
                    again[0] = delta.toMatrix().data();
                }
            });
            assertArrayEquals(first[0], again[0]);
            assertThrows(IllegalStateException.class, () -> pass.backward(seeds, 2, (l, d, r, i) -> { }));
            pass.run(x);
            pass.backward(seeds, 2, (l, d, r, i) -> { });
        }
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void gradientsDoNotDependOnTheBlasThreadCount(Architecture arch) {
        Network net = Network.initialize(arch, 13);
        Matrix x = TestMatrices.gaussian(40, arch.inputDim(), 14);
        Matrix g = TestMatrices.gaussian(40, arch.outputs(), 15);
        int before = Blas.threads();
        try {
            Blas.setThreads(1);
            double[] one = net.gradient(net.trace(x), g).flatten();
            Blas.setThreads(Math.max(2, Runtime.getRuntime().availableProcessors()));
            double[] many = net.gradient(net.trace(x), g).flatten();
            assertArrayEquals(one, many);
        } finally {
            Blas.setThreads(before);
        }
    }
}
