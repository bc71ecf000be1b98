package org.ntklab.arch;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;

/**
 * A finite-width network: an {@link Architecture} with concrete parameters. Forward and backward work
 * on whole batches (n x d inputs, n x C outputs).
 */
public final class Network {
    private final Architecture architecture;
    private final List<FiniteLayer> layers;
    private final Parameters parameters;

    private Network(Architecture architecture, List<FiniteLayer> layers, Parameters parameters) {
        this.architecture = architecture;
        this.layers = layers;
        this.parameters = parameters;
    }

    /** A network with all parameters drawn as the architecture prescribes, from {@code seed}. */
    public static Network initialize(Architecture architecture, long seed) {
        Network net = build(architecture, ParameterRegistry.fresh());
        net.reinitialize(seed);
        return net;
    }

    /** Redraws all parameters in place from {@code seed}: same values as {@link #initialize}, no allocation. */
    public void reinitialize(long seed) {
        for (FiniteLayer layer : layers) {
            layer.initialize(seed);
        }
    }

    /** A network that uses (not copies) the given parameters, which must fit the architecture. */
    public static Network withParameters(Architecture architecture, Parameters parameters) {
        return build(architecture, ParameterRegistry.adopting(parameters));
    }

    private static Network build(Architecture architecture, ParameterRegistry registry) {
        List<FiniteLayer> finite = new ArrayList<>();
        int w = architecture.inputDim();
        for (int i = 0; i < architecture.layers().size(); i++) {
            Layer layer = architecture.layers().get(i);
            registry.setPrefix("layer" + i + ".");
            finite.add(layer.instantiate(w, registry));
            w = layer.outputWidth(w);
        }
        return new Network(architecture, List.copyOf(finite), registry.build());
    }

    /** An independent copy with the same parameter values. */
    public Network copy() {
        return withParameters(architecture, parameters.copy());
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The live parameters: changing them changes the network. */
    public Parameters parameters() {
        return parameters;
    }

    public int outputs() {
        return architecture.outputs();
    }

    /** A forward pass with everything back-propagation needs. */
    public record Trace(Matrix input, Matrix output, List<Object> saved) {
    }

    public Matrix forward(Matrix x) {
        return trace(x).output();
    }

    public Trace trace(Matrix x) {
        architecture.requireInputs("inputs", x);
        List<Object> saved = new ArrayList<>();
        Matrix out = FiniteLayer.forwardAll(layers, x, saved);
        return new Trace(x, out, saved);
    }

    /**
     * Back-propagates {@code gradOutput} (n * repeat rows, C columns; row r belongs to sample r / repeat)
     * and reports every dense layer's output gradient and input to {@code sink}.
     */
    public void backward(Trace trace, Matrix gradOutput, int repeat, GradientSink sink) {
        if (repeat < 1 || gradOutput.rows() != trace.input().rows() * repeat || gradOutput.cols() != outputs()) {
            throw new IllegalArgumentException("output gradient " + gradOutput.shape() + " does not match "
                    + trace.input().rows() + " samples x repeat " + repeat + " and " + outputs() + " outputs");
        }
        FiniteLayer.backwardAll(layers, gradOutput, repeat, trace.saved(), sink, false);
    }

    /**
     * Gradient of sum_i <gradOutput_i, f(x_i)> with respect to all parameters: with gradOutput = dL/df
     * this is dL/dtheta.
     */
    public Parameters gradient(Trace trace, Matrix gradOutput) {
        Parameters grad = parameters.zerosLike();
        gradientInto(trace, gradOutput, grad);
        return grad;
    }

    /** As {@link #gradient}, written into {@code grad} (overwritten, no allocation of parameter size). */
    public void gradientInto(Trace trace, Matrix gradOutput, Parameters grad) {
        grad.fill(0.0);
        backward(trace, gradOutput, 1, (layer, g, repeat, input) -> {
            Matrix dW = new Matrix(layer.weights().rows(), layer.weights().cols(), grad.block(layer.weightIndex()));
            Blas.gemm(true, false, 1.0, g, input, 1.0, dW);
            if (layer.hasBias()) {
                double[] db = grad.block(layer.biasIndex());
                double[] gd = g.data();
                int width = g.cols();
                for (int r = 0; r < g.rows(); r++) {
                    for (int k = 0; k < width; k++) {
                        db[k] += gd[r * width + k];
                    }
                }
            }
        });
    }
}
