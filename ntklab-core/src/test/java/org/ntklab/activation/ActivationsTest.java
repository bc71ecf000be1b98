package org.ntklab.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry (found on the class path), spec parsing and its errors, and each phi' against phi. */
class ActivationsTest {

    @Test
    void registryFindsEveryActivationOfThePackage() {
        // at least these (an activation added later joins without a change here), sorted by name
        List<String> names = List.copyOf(Activations.all().keySet());
        assertTrue(names.containsAll(List.of("abs", "erf", "gelu", "identity", "leaky-relu", "relu", "sigmoid", "sin",
                "softplus", "tanh")), names.toString());
        assertEquals(names.stream().sorted().toList(), names);
        assertTrue(Activations.names().contains("leaky-relu[:SLOPE]"), Activations.names().toString());
        // every registered activation is its own default instance under its name
        Activations.all().forEach((name, a) -> assertEquals(name, a.name()));
    }

    @Test
    void specsParseAndCanonicalise() {
        assertEquals(new Relu(), Activations.parse("relu"));
        assertEquals(new Relu(), Activations.parse(" ReLU "));
        assertEquals(new LeakyRelu(0.2), Activations.parse("leaky-relu:0.2"));
        assertEquals("leaky-relu:0.01", Activations.canonical("leaky-relu"));
        assertEquals("relu", Activations.canonical(null));
        assertEquals("gelu", Activations.canonical("gelu"));
        for (Activation a : Activations.all().values()) {
            assertEquals(a, Activations.parse(a.spec()));
        }
    }

    @Test
    void badSpecsAreRefusedNamingWhatIsWrong() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Activations.parse("swish"));
        assertTrue(unknown.getMessage().contains("unknown activation 'swish'")
                && unknown.getMessage().contains("gelu") && unknown.getMessage().contains("leaky-relu[:SLOPE]"),
                unknown.getMessage());
        IllegalArgumentException slope = assertThrows(IllegalArgumentException.class,
                () -> Activations.parse("leaky-relu:abc"));
        assertTrue(slope.getMessage().contains("slope") && slope.getMessage().contains("abc"), slope.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Activations.parse("leaky-relu:1.5"));
        assertTrue(range.getMessage().contains("[0, 1)") && range.getMessage().contains("1.5"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activations.parse("leaky-relu:NaN"));
        IllegalArgumentException noParameter = assertThrows(IllegalArgumentException.class,
                () -> Activations.parse("relu:2"));
        assertTrue(noParameter.getMessage().contains("takes no parameter"), noParameter.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activations.parse(""));
    }

    static List<Activation> activations() {
        return List.copyOf(Activations.all().values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void derivativeMatchesCentralDifferencesAwayFromKinks(Activation phi) {
        double h = 1e-5;
        for (double x = -5.03; x <= 5; x += 0.1) {
            double fd = (phi.value(x + h) - phi.value(x - h)) / (2 * h);
            assertEquals(fd, phi.derivative(x), 1e-8 * Math.max(1, Math.abs(fd)), phi.spec() + " at " + x);
        }
    }
}
