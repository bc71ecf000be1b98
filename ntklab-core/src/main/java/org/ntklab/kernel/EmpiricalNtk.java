package org.ntklab.kernel;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.arch.Network;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;

/**
 * The exact empirical NTK K(x, x') = <grad_theta f(x), grad_theta f(x')>, a C x C block per pair, laid
 * out as an (n1 C) x (n2 C) matrix with row i * C + c for (sample i, output c).
 *
 * <p>Computed layer by layer, never from per-sample Jacobians: a dense layer y = W z + b contributes
 * <delta(x), delta(x')> (<z(x), z(x')> + [bias]) where delta is the back-propagated gradient at y.
 * All C outputs are back-propagated together as C rows per sample. Cost O(n^2 C^2 m L + n C m^2 L).
 */
public final class EmpiricalNtk {
    private EmpiricalNtk() {
    }

    /** The Gram matrix K(X, X), nC x nC, symmetric. */
    public static Matrix gram(Network network, Matrix x) {
        return cross(network, x, x);
    }

    /** K(X1, X2), (n1 C) x (n2 C). */
    public static Matrix cross(Network network, Matrix x1, Matrix x2) {
        List<Matrix[]> first = layerFactors(network, x1);
        List<Matrix[]> second = x1 == x2 ? first : layerFactors(network, x2);
        int outputs = network.outputs();
        Matrix k = new Matrix(x1.rows() * outputs, x2.rows() * outputs);
        for (int l = 0; l < first.size(); l++) {
            Matrix[] a = first.get(l);
            Matrix[] b = second.get(l);
            accumulate(k, a[2] != null, a[0], a[1], b[0], b[1], outputs);
        }
        return k;
    }

    /**
     * For every dense layer, in back-propagation order: {delta (nC x width), input (n x fan-in), bias
     * marker (non-null when the layer has a bias)}.
     */
    private static List<Matrix[]> layerFactors(Network network, Matrix x) {
        int outputs = network.outputs();
        Network.Trace trace = network.trace(x);
        List<Matrix[]> factors = new ArrayList<>();
        network.backward(trace, outputSeeds(x.rows(), outputs), outputs, (layer, delta, repeat, input) ->
                factors.add(new Matrix[] {delta, input, layer.hasBias() ? input : null}));
        return factors;
    }

    /** K += (D1 D2^T) o ((Z1 Z2^T + bias) (x) 1_{C x C}). */
    private static void accumulate(Matrix k, boolean hasBias, Matrix delta1, Matrix input1,
                                   Matrix delta2, Matrix input2, int outputs) {
        Matrix deltaGram = Blas.multiply(false, delta1, true, delta2);
        Matrix inputGram = Blas.multiply(false, input1, true, input2);
        double bias = hasBias ? 1.0 : 0.0;
        double[] kd = k.data();
        double[] dg = deltaGram.data();
        double[] ig = inputGram.data();
        int cols = k.cols();
        int n2 = input2.rows();
        for (int r = 0; r < k.rows(); r++) {
            int i = r / outputs;
            for (int s = 0; s < cols; s++) {
                int j = s / outputs;
                kd[r * cols + s] += dg[r * cols + s] * (ig[i * n2 + j] + bias);
            }
        }
    }

    /** n C rows: row i * C + c is the unit vector e_c (derivative of output c of sample i). */
    static Matrix outputSeeds(int n, int outputs) {
        Matrix seeds = new Matrix(n * outputs, outputs);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < outputs; c++) {
                seeds.set(i * outputs + c, c, 1.0);
            }
        }
        return seeds;
    }
}
