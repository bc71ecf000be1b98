package org.ntklab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad specs: one line saying what is wrong and where, exit code 2, nothing written (Spark is not even started). */
class SweepBadInputTest {
    @TempDir
    Path tmp;

    private void rejected(String spec, String expected) {
        Path root = tmp.resolve("out");
        Path file = Sweeps.write(tmp.resolve("bad.yaml"), "output: " + root + "\n" + spec);
        Sweeps.Result r = Sweeps.run("sweep", file.toString());
        assertEquals(2, r.exitCode(), r.err());
        String first = r.err().strip().split("\n")[0];
        assertTrue(first.startsWith("ntklab sweep: spec " + file) && first.contains(expected), first);
        assertTrue(Files.notExists(root), "nothing is written");
    }

    private static final String BASE = "base: {arch: fcn, depth: 1, data: \"circle:n=6\"}\n";

    @Test
    void unknownKeys() {
        rejected(BASE + "product: {width: [8], seed: [1]}\nmetric: {}\n", "unknown key 'metric'");
        rejected(BASE + "product: {widht: [8], seed: [1]}\n", "unknown train option 'widht'");
        rejected(BASE + "product: {width: [8], seed: [1]}\nmetrics: {dinf-at: [1]}\n", "unknown key 'metrics.dinf-at'");
    }

    @Test
    void emptyGrid() {
        rejected(BASE, "the grid is empty");
        rejected(BASE + "product: {width: [], seed: [1]}\n", "product.width is an empty list");
    }

    @Test
    void badValues() {
        rejected(BASE + "product: {width: [8, -1], seed: [1]}\n", "--width must be at least 1, got -1");
        rejected(BASE + "product: {width: [8], seed: [1], loss: [ce, hinge]}\n", "--loss must be ce or mse");
        rejected(BASE + "product: {width: [8, wide], seed: [1]}\n", "'width' cannot be \"wide\"");
        rejected(BASE + "product: {width: [8]}\n", "has no 'seed'");
        rejected("base: {arch: fcn, depth: 1, data: \"nosuch:n=6\"}\nproduct: {width: [8], seed: [1]}\n", "nosuch");
        rejected(BASE + "product: {width: [8], seed: [1]}\nmetrics: {final: [loss, d_info]}\n", "d_info");
        rejected(BASE + "product: {width: 8, seed: [1]}\n", "product.width must be a list");
        rejected(BASE + "product: {width: [8], seed: [1], activation: [relu, swish]}\n",
                "--activation: unknown activation 'swish'");
        rejected(BASE + "product: {width: [8], seed: [1], activation: [\"leaky-relu:2\"]}\n", "slope");
    }

    @Test
    void impossibleSizesBeforeSparkStarts() {
        rejected(BASE + "product: {width: [8, 1000000000], seed: [1]}\n", "too large for this JVM");
        rejected("base: {arch: fcn, depth: 1, data: \"circle:n=1000000000\"}\nproduct: {width: [8], seed: [1]}\n",
                "too large for this JVM");
        rejected("base: {arch: fcn, depth: 1, data: \"csv:/dev/zero\"}\nproduct: {width: [8], seed: [1]}\n",
                "not a regular file");
    }

    @Test
    void sameCellTwice() {
        rejected(BASE + "product: {width: [8], seed: [1]}\ncells: [{width: 8, seed: 1}]\n", "are the same run fcn-L1-m8-ce-s1");
    }
}
