package org.ntklab.arch;

import org.ntklab.kernelmap.KernelState;
import org.ntklab.linalg.Matrix;

/**
 * y = W z + b with W (outputs x inputs) and b drawn N(0, 1), no 1/sqrt(fan-in) factor: in the NTK
 * parameterisation of docs/paper.md that factor sits in the preceding {@link NormalizedRelu} or
 * {@link WidthScale}, so the input z arrives with O(1) norm.
 *
 * <p>Kernels: Sigma' = Sigma + [bias random], Theta' = Theta + Sigma + [bias exists], because the
 * gradient with respect to W row k is z and with respect to b_k is 1.
 */
public record Dense(int outputs, BiasInit bias) implements Layer {
    public Dense {
        if (outputs < 1) {
            throw new IllegalArgumentException("Dense layer width must be at least 1, got " + outputs);
        }
        if (bias == null) {
            throw new IllegalArgumentException("Dense layer bias initialisation must be given");
        }
    }

    @Override
    public int outputWidth(int inputWidth) {
        return outputs;
    }

    @Override
    public KernelState transform(KernelState in) {
        double sigmaShift = bias == BiasInit.RANDOM ? 1.0 : 0.0;
        double thetaShift = bias.exists() ? 1.0 : 0.0;
        return in.map(
                sigma -> sigma + sigmaShift,
                (sigma, theta) -> theta + sigma + thetaShift);
    }

    @Override
    public FiniteLayer instantiate(int inputWidth, ParameterRegistry registry) {
        int weightIndex = registry.nextIndex();
        Matrix w = registry.matrix("W", outputs, inputWidth);
        int biasIndex = bias.exists() ? registry.nextIndex() : -1;
        double[] b = bias.exists() ? registry.vector("b", outputs) : null;
        return new FiniteLayer.DenseInstance(this, w, weightIndex, b, biasIndex);
    }

    @Override
    public String describe() {
        return "Dense(" + outputs + ", bias=" + bias + ")";
    }
}
