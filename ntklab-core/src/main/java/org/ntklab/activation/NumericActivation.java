package org.ntklab.activation;

/**
 * An activation whose dual maps have no closed form: they and the gain are computed by the tensor
 * trapezoidal rule for the bivariate normal ({@link GaussianQuadrature#tensor}) with {@link #ORDER}
 * nodes in each of the two dimensions. The activation and its derivative must be analytic near the
 * real line for the rule to converge fast; ActivationQuadratureTest proves an error below 1e-10
 * against {@link GaussianQuadrature#REFERENCE_ORDER} nodes for pre-activation variances from 0.05 to
 * 4 and every correlation in [-1, 1], the ends included.
 */
public interface NumericActivation extends Activation {
    /** Nodes per dimension of the quadrature used for kernels. */
    int ORDER = 161;

    @Override
    default double gain() {
        return 1.0 / GaussianQuadrature.secondMoment(this, GaussianQuadrature.REFERENCE_ORDER);
    }

    @Override
    default Dual dual(double s1, double s2, double c) {
        return GaussianQuadrature.dual(this, s1, s2, c, ORDER);
    }
}
