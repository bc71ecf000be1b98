package org.ntklab.activation;

import org.ntklab.io.InvalidInputException;


/**
 * A pointwise activation phi with everything ntklab needs of it: its value and derivative (the
 * finite network), its normalisation, and its dual kernel maps (the infinite-width network).
 *
 * <p><b>Normalisation.</b> A hidden layer computes a = c_phi / sqrt(m) phi(h), with
 * c_phi^2 = {@link #gain()} = 1 / E[phi(z)^2] for z ~ N(0, 1), so that a unit-variance pre-activation
 * gives an activation of unit squared norm per coordinate and the forward pass neither explodes nor
 * vanishes with depth. For ReLU, E[relu(z)^2] = 1/2 gives the paper's sqrt(2 / m).
 *
 * <p><b>Dual maps.</b> For a centred Gaussian pair (u, v) with variances s1, s2 and covariance c,
 * {@link #dual} returns E[phi(u) phi(v)] (the NNGP map) and E[phi'(u) phi'(v)] (the derivative map
 * that multiplies the NTK); a hidden layer multiplies both by the gain. Closed-form activations
 * implement it directly; the others inherit it from {@link NumericActivation} (two-dimensional
 * quadrature). {@link #quadrature} is the numeric version for every activation, which the tests
 * compare with the closed forms.
 *
 * <p><b>Adding an activation</b> is one public class in this package implementing this interface
 * (usually a record) with a public no-argument constructor: {@link Activations} finds it there, and
 * the command line's {@code --activation} accepts its {@link #name()}.
 */
public interface Activation {

    /** The name that selects it, lower case with dashes: "relu", "leaky-relu". */
    String name();

    /** The formula, for help texts: "max(x, 0)". */
    String formula();

    /** phi(x). */
    double value(double x);

    /** phi'(x) (at a kink, the one-sided value the finite network uses). */
    double derivative(double x);

    /** c_phi^2 = 1 / E[phi(z)^2] for z ~ N(0, 1). */
    double gain();

    /** E[phi(u) phi(v)] and E[phi'(u) phi'(v)] for (u, v) centred Gaussian with variances s1, s2, covariance c. */
    Dual dual(double s1, double s2, double c);

    /** The pair of expectations {@link #dual} returns. */
    record Dual(double nngp, double derivative) {
    }

    /**
     * The degree k with phi(r x) = r^k phi(x) for all r > 0 when phi is positively homogeneous
     * (ReLU, leaky ReLU, abs, identity: 1), else -1. Homogeneous activations are integrated in polar
     * coordinates, exactly across their kink at 0 (see {@link GaussianQuadrature}).
     */
    default int homogeneousDegree() {
        return -1;
    }

    /** The parameter after the colon in {@link #spec()} (the leaky ReLU's slope), or null. */
    default String parameter() {
        return null;
    }

    /** What {@code --activation} takes for exactly this activation: "relu", "leaky-relu:0.1". */
    default String spec() {
        return parameter() == null ? name() : name() + ":" + parameter();
    }

    /** This activation with the parameter written after the colon; activations without one refuse it. */
    default Activation withParameter(String parameter) {
        throw new InvalidInputException("activation " + name() + " takes no parameter, got '" + name() + ":"
                + parameter + "'");
    }

    /** The parameter's name for usage lines ("SLOPE"), or null when there is none. */
    default String parameterLabel() {
        return null;
    }

    /** A short note on the parameter for help texts ("SLOPE in [0, 1), default 0.01"), or null. */
    default String parameterHelp() {
        return null;
    }

    /** {@link #dual} by quadrature of order {@code order} (polar for homogeneous activations, else the tensor trapezoidal rule). */
    default Dual quadrature(double s1, double s2, double c, int order) {
        return GaussianQuadrature.dual(this, s1, s2, c, order);
    }
}
