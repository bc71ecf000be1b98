package org.ntklab.arch;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.activation.Activation;
import org.ntklab.activation.Relu;
import org.ntklab.io.InvalidInputException;
import org.ntklab.linalg.Matrix;

/**
 * A network description: input dimension and a list of layers. The same description gives the
 * finite network ({@link Network#initialize}) and the analytic kernels
 * ({@link org.ntklab.kernel.AnalyticKernels}).
 */
public record Architecture(String label, int inputDim, List<Layer> layers) {
    public Architecture {
        if (inputDim < 1) {
            throw new InvalidInputException("input dimension must be at least 1, got " + inputDim);
        }
        if (layers == null || layers.isEmpty()) {
            throw new InvalidInputException("an architecture needs at least one layer");
        }
        layers = List.copyOf(layers);
        int w = inputDim;
        for (Layer layer : layers) {
            w = layer.outputWidth(w);
        }
    }

    /**
     * docs/paper.md eq. 2.1: L hidden layers a_l = sqrt(2/m) relu(W_l a_{l-1} + b_l), W and b ~ N(0, 1),
     * then f = W_{L+1} a_L with C outputs and no output bias.
     */
    public static Architecture fcn(int inputDim, int depth, int width, int outputs) {
        return fcn(inputDim, depth, width, outputs, new Relu());
    }

    /**
     * eq. 2.1 with another activation: a_l = c_phi / sqrt(m) phi(W_l a_{l-1} + b_l) (see
     * {@link Activation} for c_phi). With {@link Relu} this is exactly {@link #fcn(int, int, int, int)},
     * and the label names the activation only when it is not ReLU.
     */
    public static Architecture fcn(int inputDim, int depth, int width, int outputs, Activation activation) {
        requireActivation(activation);
        requireAtLeastOne("depth", depth);
        requireAtLeastOne("width", width);
        requireAtLeastOne("outputs", outputs);
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            layers.add(new Dense(width, BiasInit.RANDOM));
            layers.add(hiddenLayer(activation));
        }
        layers.add(new Dense(outputs, BiasInit.NONE));
        return new Architecture("fcn(L=" + depth + ", m=" + width + ", C=" + outputs + activationLabel(activation)
                + ")", inputDim, layers);
    }

    /**
     * docs/paper.md eq. 2.2: a_0 = sqrt(1/m)(A x + b); L blocks
     * a_l = a_{l-1} + alpha sqrt(1/m)(V_l sqrt(2/m) relu(W_l a_{l-1} + b_l) + d_l) with b_l, d_l starting
     * at 0; f = W_{L+1} a_L.
     */
    public static Architecture resnet(int inputDim, int depth, int width, double alpha, int outputs) {
        return resnet(inputDim, depth, width, alpha, outputs, new Relu());
    }

    /** eq. 2.2 with sqrt(2/m) relu replaced by c_phi / sqrt(m) phi; with {@link Relu} exactly the paper's. */
    public static Architecture resnet(int inputDim, int depth, int width, double alpha, int outputs,
                                      Activation activation) {
        requireActivation(activation);
        requireAtLeastOne("depth", depth);
        requireAtLeastOne("width", width);
        requireAtLeastOne("outputs", outputs);
        if (!Double.isFinite(alpha) || alpha <= 0) {
            throw new InvalidInputException("alpha must be positive and finite, got " + alpha);
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(new Dense(width, BiasInit.RANDOM));
        layers.add(new WidthScale(1.0));
        for (int l = 0; l < depth; l++) {
            layers.add(new Residual(List.of(
                    new Dense(width, BiasInit.ZERO),
                    hiddenLayer(activation),
                    new Dense(width, BiasInit.ZERO),
                    new WidthScale(1.0)), alpha));
        }
        layers.add(new Dense(outputs, BiasInit.NONE));
        return new Architecture("resnet(L=" + depth + ", m=" + width + ", alpha=" + alpha + ", C=" + outputs
                + activationLabel(activation) + ")", inputDim, layers);
    }

    private static void requireActivation(Activation activation) {
        if (activation == null) {
            throw new InvalidInputException("an activation must be given");
        }
    }

    private static String activationLabel(Activation activation) {
        return activation instanceof Relu ? "" : ", " + activation.spec();
    }

    private static void requireAtLeastOne(String what, int value) {
        if (value < 1) {
            throw new InvalidInputException(what + " must be at least 1, got " + value);
        }
    }

    /** Number of network outputs C. */
    public int outputs() {
        int w = inputDim;
        for (Layer layer : layers) {
            w = layer.outputWidth(w);
        }
        return w;
    }

    /** Checks that inputs are an n x inputDim matrix of finite numbers, naming the argument otherwise. */
    public void requireInputs(String argument, Matrix x) {
        if (x == null) {
            throw new InvalidInputException(argument + " must not be null");
        }
        if (x.cols() != inputDim) {
            throw new InvalidInputException(argument + " has " + x.cols() + " columns but the architecture "
                    + label + " takes inputs of dimension " + inputDim);
        }
        double[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                throw new InvalidInputException(argument + " has a non-finite entry " + d[i] + " at row "
                        + (i / inputDim) + ", column " + (i % inputDim));
            }
        }
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(label).append(" on R^").append(inputDim).append(':');
        for (Layer layer : layers) {
            sb.append("\n  ").append(layer.describe());
        }
        return sb.toString();
    }

    /**
     * The hidden layer c_phi / sqrt(m) phi(h). ReLU gets the paper's fused {@link NormalizedRelu}, so
     * ReLU networks stay bit for bit what they were; every other activation the generic layer.
     */
    static Layer hiddenLayer(Activation activation) {
        return activation instanceof Relu ? new NormalizedRelu(2.0) : new NormalizedActivation(activation);
    }
}
