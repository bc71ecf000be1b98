package org.ntklab.loss;

import java.util.List;
import org.ntklab.io.InvalidInputException;
import org.ntklab.linalg.Matrix;

/**
 * A training loss L(f) over network outputs f (n x C), reduced over samples. Implementations are
 * stable for |f| up to 1e6 and beyond: no overflow, no cancellation in the gradient.
 */
public interface Loss {

    /** Loss value at f; when {@code gradient} is non-null, dL/df is written into it (n x C). */
    double evaluate(Matrix f, Targets targets, Matrix gradient);

    /** Predicted class per sample. */
    int[] predict(Matrix f);

    /** Short name as used on the command line: ce or mse. */
    String name();

    Reduction reduction();

    /** The losses {@link #of} knows, by the names the command line uses: a new loss is added here. */
    List<String> NAMES = List.of("ce", "mse");

    /** The loss for a kind name (one of {@link #NAMES}) and a number of outputs. */
    static Loss of(String kind, int outputs, Reduction reduction) {
        switch (kind) {
            case "ce":
                return outputs == 1 ? new BinaryCrossEntropy(reduction) : new SoftmaxCrossEntropy(reduction);
            case "mse":
                return new SquaredLoss(reduction);
            default:
                throw new InvalidInputException("unknown loss '" + kind + "': expected " + String.join(" or ", NAMES));
        }
    }

    default double accuracy(Matrix f, Targets targets) {
        int[] predicted = predict(f);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == targets.labels()[i]) {
                correct++;
            }
        }
        return predicted.length == 0 ? Double.NaN : (double) correct / predicted.length;
    }

    static void requireShapes(Matrix f, Targets targets, Matrix gradient) {
        if (f.rows() != targets.n() || f.cols() != targets.outputs()) {
            throw new IllegalArgumentException("outputs " + f.shape() + " do not match targets "
                    + targets.values().shape());
        }
        if (gradient != null) {
            f.requireSameShape(gradient, "loss gradient");
        }
    }
}
