package org.ntklab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.NativeMatrix;

/**
 * Quick checks of what the benchmarks and the PyTorch comparison rely on, on small networks (no
 * benchmark runs here): the FLOP count, allocation-free steps, and exact numbers in the JSON.
 */
class WorkloadsTest {
    @Test
    void flopCountMatchesTheMatrixProductsOfTheNetwork() {
        int d = 7;
        int depth = 3;
        int m = 5;
        int n = 4;
        Workloads.TrainingStep step = new Workloads.TrainingStep(d, depth, m, n, 1, 1e-3);
        // dense layers d -> m, (depth - 1) x m -> m, m -> 1; a product a x b x c costs 2abc
        int[][] layers = {{d, m}, {m, m}, {m, m}, {m, 1}};
        double expected = 0;
        for (int l = 0; l < layers.length; l++) {
            double product = 2.0 * n * layers[l][0] * layers[l][1];
            expected += product; // forward: Z W^T
            expected += product; // weight gradient: Delta^T Z
            if (l > 0) {
                expected += product; // gradient to the layer's input: Delta W (not needed for the first layer)
            }
        }
        assertEquals(expected, step.flops(), 0.0);
        assertEquals(expected, Workloads.trainingStepFlops(d, depth, m, n), 0.0);
        // the closed form quoted in docs/performance.md and printed by the comparison
        assertEquals(2.0 * n * (2.0 * d * m + 3.0 * (depth - 1) * m * m + 3.0 * m), expected, 0.0);
        // and every weight block is one of the layers above
        long weights = 0;
        for (int[] layer : layers) {
            weights += (long) layer[0] * layer[1];
        }
        assertEquals(weights + (long) depth * m, step.network.parameters().count());
    }

    @Test
    void empiricalNtkFlopCountFollowsTheLayerwiseFormula() {
        int d = 7;
        int depth = 3;
        int m = 5;
        int n = 4;
        // dense layers (fan-in, width): d -> m, (depth - 1) x m -> m, m -> 1
        int[][] layers = {{d, m}, {m, m}, {m, m}, {m, 1}};
        double expected = 0;
        for (int l = 0; l < layers.length; l++) {
            int fanIn = layers[l][0];
            int width = layers[l][1];
            expected += 2.0 * n * fanIn * width; // forward
            if (l > 0) {
                expected += 2.0 * n * fanIn * width; // W^T delta, to the layer's input
            }
            // lower triangles (with the diagonal counted once for both halves): n^2 per column
            expected += (double) n * n * width + (double) n * n * fanIn;
        }
        assertEquals(expected, Workloads.empiricalNtkFlops(d, depth, m, n), 0.0);
    }

    @Test
    void warmTrainingStepsAllocateNoNativeMemory() {
        Workloads.TrainingStep step = new Workloads.TrainingStep(12, 3, 16, 8, 3, 1e-3);
        for (int i = 0; i < 3; i++) {
            step.step();
        }
        long allocated = NativeMatrix.allocatedBytes();
        long live = Pointer.totalBytes();
        for (int i = 0; i < 10; i++) {
            step.step();
        }
        assertEquals(0, NativeMatrix.allocatedBytes() - allocated, "native bytes allocated by 10 warm steps");
        assertEquals(live, Pointer.totalBytes(), "live native memory after 10 warm steps");
    }

    @Test
    void stepsChangeTheWeightsAndReturnAFiniteLoss() {
        Workloads.TrainingStep step = new Workloads.TrainingStep(12, 2, 16, 8, 3, 1e-2);
        double[] before = step.network.parameters().flatten();
        double loss = step.step();
        assertTrue(Double.isFinite(loss) && loss > 0);
        assertTrue(!java.util.Arrays.equals(before, step.network.parameters().flatten()));
    }

    @Test
    void jsonKeepsDoublesExactly() {
        double v = 237.10733039612345;
        String json = Compare.toJson(Map.of("x", v));
        assertEquals(v, Double.parseDouble(json.substring(json.indexOf(':') + 1, json.length() - 1).trim()), 0.0);
        assertEquals("[1.0E-300, null]", Compare.toJson(new double[] {1e-300, Double.NaN}));
    }
}
