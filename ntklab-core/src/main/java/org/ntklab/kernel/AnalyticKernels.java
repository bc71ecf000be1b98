package org.ntklab.kernel;

import org.ntklab.arch.Architecture;
import org.ntklab.arch.Layer;
import org.ntklab.kernelmap.KernelState;
import org.ntklab.linalg.Matrix;

/**
 * The infinite-width NNGP and NTK of an architecture, obtained by passing the input kernel through
 * each layer's {@link Layer#transform}. For C outputs the NTK Gram matrix is Theta (x) I_C, with the
 * row index of (sample i, output c) equal to i * C + c, the same layout as {@link EmpiricalNtk}.
 */
public final class AnalyticKernels {
    private AnalyticKernels() {
    }

    /** Sigma and Theta at the output between x1 and x2 (scalar kernels, one per output channel). */
    public static KernelState evaluate(Architecture architecture, Matrix x1, Matrix x2) {
        architecture.requireInputs("x1", x1);
        architecture.requireInputs("x2", x2);
        KernelState state = KernelState.ofInputs(x1, x2);
        for (Layer layer : architecture.layers()) {
            state = layer.transform(state);
        }
        return state;
    }

    /** The scalar NTK Theta(x1, x2), n1 x n2. */
    public static Matrix ntk(Architecture architecture, Matrix x1, Matrix x2) {
        return evaluate(architecture, x1, x2).theta();
    }

    /** The scalar NNGP Sigma(x1, x2), n1 x n2. */
    public static Matrix nngp(Architecture architecture, Matrix x1, Matrix x2) {
        return evaluate(architecture, x1, x2).sigma();
    }

    /** The NTK Gram matrix on one set with all C outputs: Theta (x) I_C, nC x nC. */
    public static Matrix ntkGram(Architecture architecture, Matrix x) {
        return withOutputs(ntk(architecture, x, x), architecture.outputs());
    }

    /** Theta (x) I_C: entry (i*C + c, j*C + c') = Theta(i, j) [c == c']. */
    public static Matrix withOutputs(Matrix scalar, int outputs) {
        if (outputs == 1) {
            return scalar;
        }
        Matrix out = new Matrix(scalar.rows() * outputs, scalar.cols() * outputs);
        for (int i = 0; i < scalar.rows(); i++) {
            for (int j = 0; j < scalar.cols(); j++) {
                for (int c = 0; c < outputs; c++) {
                    out.set(i * outputs + c, j * outputs + c, scalar.get(i, j));
                }
            }
        }
        return out;
    }
}
