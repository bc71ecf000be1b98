package org.ntklab.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dual maps' accuracy: every activation's quadrature against a rule of much higher order
 * (uniformly over correlations in [-1, 1], the ends and their neighbourhoods included), the
 * closed forms against their quadrature versions, and the gains against E[phi(z)^2].
 */
class ActivationQuadratureTest {
    /** Pre-activation variances of the grid (those of the paper's networks on unit inputs are 1 to 3). */
    static final double[] VARIANCES = {0.05, 1.0, 4.0};

    static List<Double> correlations() {
        List<Double> rhos = new ArrayList<>();
        for (int k = 0; k <= 20; k++) {
            rhos.add(-1.0 + k / 10.0);
        }
        rhos.add(1 - 1e-9);
        rhos.add(-1 + 1e-9);
        rhos.add(1 - 1e-4);
        rhos.add(-1 + 1e-4);
        return rhos;
    }

    static Stream<Activation> activations() {
        List<Activation> all = new ArrayList<>(Activations.all().values());
        all.add(new LeakyRelu(0.0));
        all.add(new LeakyRelu(0.3));
        return all.stream();
    }

    static Stream<Activation> closedForms() {
        return activations().filter(a -> !(a instanceof NumericActivation));
    }

    /** The largest difference of either map between two evaluations over the grid. */
    interface DualAt {
        Activation.Dual at(double s1, double s2, double c);
    }

    static double worstDifference(DualAt first, DualAt second) {
        double worst = 0;
        for (int i = 0; i < VARIANCES.length; i++) {
            for (int j = i; j < VARIANCES.length; j++) {
                double s1 = VARIANCES[i];
                double s2 = VARIANCES[j];
                for (double rho : correlations()) {
                    double c = rho * Math.sqrt(s1 * s2);
                    Activation.Dual a = first.at(s1, s2, c);
                    Activation.Dual b = second.at(s1, s2, c);
                    worst = Math.max(worst, Math.abs(a.nngp() - b.nngp()));
                    worst = Math.max(worst, Math.abs(a.derivative() - b.derivative()));
                }
            }
        }
        return worst;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void dualMapsAgreeWithAQuadratureOfMuchHigherOrder(Activation phi) {
        int reference = GaussianQuadrature.REFERENCE_ORDER;
        double worst = worstDifference(phi::dual, (s1, s2, c) -> phi.quadrature(s1, s2, c, reference));
        System.out.printf("%s: max |dual - quadrature(%d)| = %.2e%n", phi.spec(), reference, worst);
        assertTrue(worst < 1e-10, phi.spec() + ": " + worst);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closedForms")
    void closedFormsEqualTheirQuadratureVersionsAtLowOrder(Activation phi) {
        // polar rules for the homogeneous ones need few nodes per arc; erf needs the tensor rule
        int order = phi.homogeneousDegree() >= 0 ? 24 : NumericActivation.ORDER;
        double worst = worstDifference(phi::dual, (s1, s2, c) -> phi.quadrature(s1, s2, c, order));
        assertTrue(worst < 1e-10, phi.spec() + ": " + worst);
    }

    @Test
    void closedFormsOfSmoothActivationsEqualTheTensorRuleToo() {
        // erf and identity are smooth: the rule the numeric activations use must reproduce their closed forms
        GaussianQuadrature.Rule rule = GaussianQuadrature.trapezoid(NumericActivation.ORDER);
        for (Activation phi : List.of(new Erf(), new Identity())) {
            double worst = worstDifference(phi::dual, (s1, s2, c) -> new Activation.Dual(
                    GaussianQuadrature.tensor(phi::value, phi::value, s1, s2, c, rule),
                    GaussianQuadrature.tensor(phi::derivative, phi::derivative, s1, s2, c, rule)));
            assertTrue(worst < 1e-10, phi.spec() + ": " + worst);
        }
    }

    @Test
    void sineQuadratureMatchesItsClosedForm() {
        // E[sin u sin v] = e^(-(s1+s2)/2) sinh(c), E[cos u cos v] = e^(-(s1+s2)/2) cosh(c): an independent check
        Activation sin = new Sin();
        double worst = worstDifference(sin::dual, (s1, s2, c) -> new Activation.Dual(
                Math.exp(-(s1 + s2) / 2) * Math.sinh(c), Math.exp(-(s1 + s2) / 2) * Math.cosh(c)));
        assertTrue(worst < 1e-12, "sin: " + worst);
        assertEquals(2.0 / (1 - Math.exp(-2.0)), sin.gain(), 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void gainNormalisesTheSecondMoment(Activation phi) {
        double moment = GaussianQuadrature.secondMoment(phi, GaussianQuadrature.REFERENCE_ORDER);
        assertEquals(1.0, phi.gain() * moment, 1e-12, phi.spec());
        // the dual map at rho = 1 and unit variance is the same moment
        assertEquals(moment, phi.dual(1, 1, 1).nngp(), 1e-10, phi.spec());
    }

    @Test
    void gainsOfTheClosedFormsAreExact() {
        assertEquals(2.0, new Relu().gain());
        assertEquals(1.0, new Abs().gain());
        assertEquals(2.0 / 1.09, new LeakyRelu(0.3).gain(), 1e-15);
    }

    @Test
    void rulesIntegratePolynomialsExactly() {
        GaussianQuadrature.Rule h = GaussianQuadrature.hermite(30);
        GaussianQuadrature.Rule t = GaussianQuadrature.trapezoid(NumericActivation.ORDER);
        double[] gaussianMoments = {1, 0, 1, 0, 3, 0, 15, 0, 105};
        for (GaussianQuadrature.Rule r : List.of(h, t)) {
            for (int k = 0; k < gaussianMoments.length; k++) {
                double s = 0;
                for (int i = 0; i < r.order(); i++) {
                    s += r.weights()[i] * Math.pow(r.nodes()[i], k);
                }
                assertEquals(gaussianMoments[k], s, 1e-13 * Math.max(1, gaussianMoments[k]), "moment " + k);
            }
        }
        GaussianQuadrature.Rule l = GaussianQuadrature.legendre(10);
        for (int k = 0; k < 20; k++) {
            double s = 0;
            for (int i = 0; i < l.order(); i++) {
                s += l.weights()[i] * Math.pow(l.nodes()[i], k);
            }
            assertEquals(k % 2 == 0 ? 2.0 / (k + 1) : 0.0, s, 1e-14, "legendre moment " + k);
        }
    }

    @Test
    void errorFunctionMatchesKnownValues() {
        assertEquals(0.0, GaussianFunctions.erf(0.0));
        assertEquals(0.5204998778130465, GaussianFunctions.erf(0.5), 2e-16);
        assertEquals(0.8427007929497149, GaussianFunctions.erf(1.0), 2e-16);
        assertEquals(0.9953222650189527, GaussianFunctions.erf(2.0), 3e-16);
        assertEquals(0.9999779095030014, GaussianFunctions.erf(3.0), 3e-16);
        assertEquals(-0.8427007929497149, GaussianFunctions.erf(-1.0), 2e-16);
        assertEquals(1.0, GaussianFunctions.erf(7.0));
        // its derivative is (2 / sqrt(pi)) e^(-x^2)
        for (double x = -4; x <= 4; x += 0.37) {
            double h = 1e-5;
            double fd = (GaussianFunctions.erf(x + h) - GaussianFunctions.erf(x - h)) / (2 * h);
            assertEquals(new Erf().derivative(x), fd, 1e-9, "erf' at " + x);
        }
        assertEquals(0.5, GaussianFunctions.normalCdf(0.0), 1e-16);
        assertEquals(0.8413447460685429, GaussianFunctions.normalCdf(1.0), 3e-16);
    }
}
