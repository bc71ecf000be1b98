package org.ntklab.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * silu's own numbers; the checks every activation gets (gradients, quadrature accuracy, width
 * convergence, lambda_min) run over the registry, which finds silu by itself.
 */
class SiluTest {
    @Test
    void valuesAndRegistry() {
        Silu silu = new Silu();
        assertEquals(0.0, silu.value(0.0));
        assertEquals(0.7310585786300049, silu.value(1.0), 1e-15);
        assertEquals(-0.2689414213699951, silu.value(-1.0), 1e-15);
        assertEquals(0.5, silu.derivative(0.0), 1e-15);
        assertEquals(silu, Activations.parse("silu"));
        // E[silu(z)^2] by the rule against a plain Riemann sum on [-12, 12]
        double sum = 0;
        double h = 1e-3;
        for (double z = -12; z <= 12; z += h) {
            double v = silu.value(z);
            sum += h * v * v * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        }
        assertEquals(1.0 / sum, silu.gain(), 1e-8);
    }
}
