package org.ntklab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** activation is a train option like any other in sweep spec files: a product axis names its cells. */
class SweepActivationTest {
    @TempDir
    Path tmp;

    @Test
    void activationIsAGridAxis() {
        Path file = Sweeps.write(tmp.resolve("act.yaml"), "output: " + tmp.resolve("out") + "\n"
                + "base: {arch: fcn, depth: 1, data: \"circle:n=6\", t-max: 10}\n"
                + "product: {width: [8], seed: [1], activation: [relu, tanh, \"leaky-relu:0.1\"]}\n");
        SweepSpec spec = SweepSpec.read(file);
        assertEquals(List.of("fcn-L1-m8-ce-s1-activationrelu", "fcn-L1-m8-ce-s1-activationtanh",
                "fcn-L1-m8-ce-s1-activationleaky_relu_0.1"), List.copyOf(spec.byName().keySet()));
        assertEquals(List.of("relu", "tanh", "leaky-relu:0.1"), spec.cells().stream()
                .map(c -> c.config().activation()).toList());
    }
}
