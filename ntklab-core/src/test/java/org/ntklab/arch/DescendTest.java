package org.ntklab.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.testing.TestMatrices;

/**
 * {@link Network#descend}: the fused in-place descent step equals forming the gradient and adding it
 * (up to rounding), and the native weights it leaves ahead of the heap ones are never lost or stale,
 * whichever way the parameters are used next.
 */
class DescendTest {
    private static final double ETA = 0.01;

    static Stream<Arguments> architectures() {
        return Stream.of(
                Arguments.of(Architecture.fcn(5, 3, 24, 1)),
                Arguments.of(Architecture.fcn(5, 2, 16, 3)),
                Arguments.of(Architecture.resnet(5, 2, 12, 0.7, 1)),
                Arguments.of(Architecture.resnet(5, 3, 12, 1.0, 2)));
    }

    /** dL/df of L = sum_i <r_i, f(x_i)> + |f|^2 / 2: changes with the parameters, so steps differ. */
    private static Matrix outputGradient(Matrix f, Matrix r) {
        Matrix g = new Matrix(f.rows(), f.cols());
        for (int i = 0; i < f.data().length; i++) {
            g.data()[i] = r.data()[i] + f.data()[i];
        }
        return g;
    }

    /** k steps the plain way: gradient, then theta -= eta g. */
    private static void plainSteps(Network net, Matrix x, Matrix r, int k) {
        for (int s = 0; s < k; s++) {
            Network.Trace t = net.trace(x);
            BlockVector g = net.gradient(t, outputGradient(t.output(), r));
            net.parameters().addScaled(-ETA, g);
        }
    }

    private static void fusedSteps(Network net, Matrix x, Matrix r, int k) {
        for (int s = 0; s < k; s++) {
            Network.Trace t = net.trace(x);
            net.descend(t, outputGradient(t.output(), r), ETA);
        }
    }

    private static double maxRelativeDifference(double[] a, double[] b) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(b[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return diff / scale;
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void fusedStepsEqualGradientThenUpdate(Architecture arch) {
        Matrix x = TestMatrices.gaussian(7, 5, 1);
        Matrix r = TestMatrices.gaussian(7, arch.outputs(), 2);
        Network fused = Network.initialize(arch, 3);
        Network plain = fused.copy();
        double[] start = fused.parameters().flatten();

        fusedSteps(fused, x, r, 5);
        plainSteps(plain, x, r, 5);

        // the outputs come from the native weights the steps updated in place ...
        Matrix expected = plain.forward(x);
        for (double v : expected.data()) {
            assertTrue(Double.isFinite(v), "the reference steps diverged");
        }
        double outputs = maxRelativeDifference(fused.forward(x).data(), expected.data());
        assertTrue(outputs < 1e-12, "outputs differ by " + outputs);
        // ... and the heap parameters, read afterwards, hold the same values
        double[] after = fused.parameters().flatten();
        double params = maxRelativeDifference(after, plain.parameters().flatten());
        assertTrue(params < 1e-13, "parameters differ by " + params);
        // the steps moved every block (a step that updated nothing would pass the checks above only
        // if the plain path also did nothing)
        assertTrue(maxRelativeDifference(after, start) > 1e-4);
    }

    @Test
    void heapValuesAreBroughtUpToDateByEveryKindOfRead() {
        Architecture arch = Architecture.fcn(5, 2, 16, 1);
        Matrix x = TestMatrices.gaussian(6, 5, 4);
        Matrix r = TestMatrices.gaussian(6, 1, 5);
        Network plain = Network.initialize(arch, 6);
        plainSteps(plain, x, r, 1);
        double[] expected = plain.parameters().flatten();

        // each read path, on a fresh network that has just descended once
        java.util.List<java.util.function.Function<BlockVector, double[]>> reads = java.util.List.of(
                BlockVector::flatten,
                p -> p.copy().flatten(),
                p -> p.block(0).clone(),
                p -> {
                    BlockVector z = p.zerosLike();
                    z.setFrom(p);
                    return z.flatten();
                });
        for (var read : reads) {
            Network fused = Network.initialize(arch, 6);
            fusedSteps(fused, x, r, 1);
            double[] got = read.apply(fused.parameters());
            double[] want = got.length == expected.length ? expected : java.util.Arrays.copyOf(expected, got.length);
            assertTrue(maxRelativeDifference(got, want) < 1e-13);
        }
        Network fused = Network.initialize(arch, 6);
        fusedSteps(fused, x, r, 1);
        assertEquals(plain.parameters().norm(), fused.parameters().norm(), 1e-12 * plain.parameters().norm());
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void changesAfterADescentStepAreSeenByTheNextPass(Architecture arch) {
        Matrix x = TestMatrices.gaussian(6, 5, 7);
        Matrix r = TestMatrices.gaussian(6, arch.outputs(), 8);
        Network net = Network.initialize(arch, 9);
        fusedSteps(net, x, r, 2);

        // a write through a block fetched after the step
        net.parameters().block(0)[3] += 0.5;
        assertArrayEquals(fresh(net).forward(x).data(), net.forward(x).data(), 1e-13);

        // a vector-space update
        fusedSteps(net, x, r, 1);
        BlockVector shift = net.parameters().zerosLike();
        shift.fill(0.01);
        net.parameters().addScaled(1.0, shift);
        assertArrayEquals(fresh(net).forward(x).data(), net.forward(x).data(), 1e-13);

        // a restore from a flat vector (as from a checkpoint) taken before more steps
        double[] saved = net.parameters().flatten();
        Matrix before = net.forward(x);
        fusedSteps(net, x, r, 3);
        assertNotEquals(before.get(0, 0), net.forward(x).get(0, 0));
        net.parameters().unflatten(saved);
        assertArrayEquals(before.data(), net.forward(x).data(), 0.0);

        // re-initialisation discards the newer native values
        fusedSteps(net, x, r, 2);
        net.reinitialize(9);
        assertArrayEquals(Network.initialize(arch, 9).forward(x).data(), net.forward(x).data(), 0.0);
    }

    /** A network built from a copy of the current heap parameters: what the network should compute. */
    private static Network fresh(Network net) {
        return Network.withParameters(net.architecture(), net.parameters().copy());
    }

    @Test
    void releasingBuffersAfterAStepKeepsItsValues() {
        Architecture arch = Architecture.fcn(5, 2, 16, 1);
        Matrix x = TestMatrices.gaussian(6, 5, 10);
        Matrix r = TestMatrices.gaussian(6, 1, 11);
        Network net = Network.initialize(arch, 12);
        Network plain = net.copy();
        fusedSteps(net, x, r, 3);
        plainSteps(plain, x, r, 3);
        net.releaseBuffers();
        assertTrue(maxRelativeDifference(net.parameters().flatten(), plain.parameters().flatten()) < 1e-13);
        assertArrayEquals(plain.forward(x).data(), net.forward(x).data(), 1e-12);
    }

    @Test
    void networksSharingParametersSeeEachOthersSteps() {
        Architecture arch = Architecture.resnet(5, 2, 12, 0.7, 1);
        Matrix x = TestMatrices.gaussian(6, 5, 13);
        Matrix r = TestMatrices.gaussian(6, 1, 14);
        Network a = Network.initialize(arch, 15);
        Network plain = a.copy();
        Network b = Network.withParameters(arch, a.parameters());
        b.forward(x); // b's native weights hold the initial values

        fusedSteps(a, x, r, 2);
        plainSteps(plain, x, r, 2);
        assertArrayEquals(plain.forward(x).data(), b.forward(x).data(), 1e-12);

        // and the other way round, alternating
        fusedSteps(b, x, r, 1);
        fusedSteps(a, x, r, 1);
        plainSteps(plain, x, r, 2);
        assertArrayEquals(plain.forward(x).data(), a.forward(x).data(), 1e-12);
        assertArrayEquals(plain.forward(x).data(), b.forward(x).data(), 1e-12);
    }

    @Test
    void gradientAfterAStepUsesTheUpdatedWeights() {
        Architecture arch = Architecture.fcn(5, 3, 16, 1);
        Matrix x = TestMatrices.gaussian(6, 5, 16);
        Matrix r = TestMatrices.gaussian(6, 1, 17);
        Network net = Network.initialize(arch, 18);
        fusedSteps(net, x, r, 2);
        Network reference = fresh(net);
        Network.Trace t = net.trace(x);
        Network.Trace tr = reference.trace(x);
        double[] g = net.gradient(t, outputGradient(t.output(), r)).flatten();
        double[] gr = reference.gradient(tr, outputGradient(tr.output(), r)).flatten();
        assertTrue(maxRelativeDifference(g, gr) < 1e-13);
    }

    @Test
    void rejectsBadArguments() {
        Network net = Network.initialize(Architecture.fcn(5, 2, 8, 1), 1);
        Matrix x = TestMatrices.gaussian(4, 5, 1);
        Network.Trace t = net.trace(x);
        assertThrows(IllegalArgumentException.class, () -> net.descend(t, new Matrix(3, 1), 0.1));
        assertThrows(IllegalArgumentException.class, () -> net.descend(t, new Matrix(4, 1), Double.NaN));
    }
}
