package org.ntklab.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.BinaryCrossEntropy;
import org.ntklab.loss.Loss;
import org.ntklab.loss.Reduction;
import org.ntklab.loss.SoftmaxCrossEntropy;
import org.ntklab.loss.SquaredLoss;
import org.ntklab.loss.Targets;
import org.ntklab.testing.TestMatrices;

class LossTest {

    static Targets binaryTargets(int... labels) {
        Matrix y = new Matrix(labels.length, 1);
        for (int i = 0; i < labels.length; i++) {
            y.set(i, 0, labels[i]);
        }
        return new Targets(y, labels, 2);
    }

    static Targets oneHot(int classes, int... labels) {
        Matrix y = new Matrix(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.set(i, labels[i], 1);
        }
        return new Targets(y, labels, classes);
    }

    static List<Object[]> cases() {
        Targets bin = binaryTargets(0, 1, 1, 0, 1);
        Targets multi = oneHot(3, 0, 2, 1, 1, 0);
        return List.of(
                new Object[] {new BinaryCrossEntropy(Reduction.SUM), bin},
                new Object[] {new BinaryCrossEntropy(Reduction.MEAN), bin},
                new Object[] {new SoftmaxCrossEntropy(Reduction.SUM), multi},
                new Object[] {new SoftmaxCrossEntropy(Reduction.MEAN), multi},
                new Object[] {new SquaredLoss(Reduction.SUM), bin},
                new Object[] {new SquaredLoss(Reduction.MEAN), multi});
    }

    @Test
    void gradientsEqualCentralDifferences() {
        for (Object[] c : cases()) {
            Loss loss = (Loss) c[0];
            Targets t = (Targets) c[1];
            for (double spread : new double[] {0.5, 3, 20}) {
                Matrix f = TestMatrices.gaussian(t.n(), t.outputs(), 7);
                for (int k = 0; k < f.data().length; k++) {
                    f.data()[k] *= spread;
                }
                Matrix g = new Matrix(f.rows(), f.cols());
                loss.evaluate(f, t, g);
                double h = 1e-6 * Math.max(1, spread);
                for (int k = 0; k < f.data().length; k++) {
                    double saved = f.data()[k];
                    f.data()[k] = saved + h;
                    double plus = loss.evaluate(f, t, null);
                    f.data()[k] = saved - h;
                    double minus = loss.evaluate(f, t, null);
                    f.data()[k] = saved;
                    double numeric = (plus - minus) / (2 * h);
                    assertEquals(numeric, g.data()[k], 1e-6 * Math.max(1, Math.abs(numeric)),
                            loss + " spread " + spread + " entry " + k);
                }
            }
        }
    }

    @Test
    void crossEntropyMatchesTheTextbookFormulaWhereThatIsSafe() {
        Targets t = binaryTargets(0, 1, 1, 0);
        Matrix f = Matrix.of(new double[][] {{0.3}, {-1.2}, {2.0}, {-0.4}});
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            double o = 1 / (1 + Math.exp(-f.get(i, 0)));
            double y = t.values().get(i, 0);
            expected += -(y * Math.log(o) + (1 - y) * Math.log(1 - o));
        }
        assertEquals(expected, new BinaryCrossEntropy(Reduction.SUM).evaluate(f, t, null), 1e-12);
        assertEquals(expected / 4, new BinaryCrossEntropy(Reduction.MEAN).evaluate(f, t, null), 1e-12);
    }

    @Test
    void softmaxWithTwoClassesEqualsBinaryCrossEntropyOfTheLogitDifference() {
        Targets two = oneHot(2, 0, 1, 1);
        Targets bin = binaryTargets(0, 1, 1);
        Matrix logits = Matrix.of(new double[][] {{0.2, 1.5}, {-3, 4}, {7, -2}});
        Matrix diff = new Matrix(3, 1);
        for (int i = 0; i < 3; i++) {
            diff.set(i, 0, logits.get(i, 1) - logits.get(i, 0));
        }
        assertEquals(new BinaryCrossEntropy(Reduction.SUM).evaluate(diff, bin, null),
                new SoftmaxCrossEntropy(Reduction.SUM).evaluate(logits, two, null), 1e-12);
    }

    @Test
    void finiteAndAccurateForOutputsOfAMillion() {
        Targets bin = binaryTargets(0, 1, 1, 0);
        Matrix huge = Matrix.of(new double[][] {{1e6}, {-1e6}, {1e6}, {-1e6}});
        Matrix g = new Matrix(4, 1);
        double value = new BinaryCrossEntropy(Reduction.SUM).evaluate(huge, bin, g);
        // wrong sides cost 1e6 each, right sides e^-1e6 (underflows to exactly 0 in the gradient)
        assertEquals(2e6, value, 1e-6);
        assertTrue(g.allFinite());
        assertEquals(1.0, g.get(0, 0), 0);
        assertEquals(-1.0, g.get(1, 0), 0);
        assertEquals(0.0, g.get(2, 0), 0);

        // the margin-correct side keeps its tiny gradient without cancellation: sigmoid(-40) ~ 4.25e-18
        Matrix confident = Matrix.of(new double[][] {{-40}, {40}, {40}, {-40}});
        new BinaryCrossEntropy(Reduction.SUM).evaluate(confident, bin, g);
        assertEquals(Math.exp(-40) / (1 + Math.exp(-40)), g.get(0, 0), 1e-30);
        assertEquals(-Math.exp(-40) / (1 + Math.exp(-40)), g.get(1, 0), 1e-30);

        Targets multi = oneHot(3, 0, 2);
        Matrix logits = Matrix.of(new double[][] {{1e6, -1e6, 0}, {1e6, 0, -1e6}});
        Matrix gm = new Matrix(2, 3);
        double v = new SoftmaxCrossEntropy(Reduction.SUM).evaluate(logits, multi, gm);
        assertEquals(2e6, v, 1e-6);
        assertTrue(gm.allFinite());
        Matrix sure = Matrix.of(new double[][] {{45, 0, 0}, {0, 0, 45}});
        new SoftmaxCrossEntropy(Reduction.SUM).evaluate(sure, multi, gm);
        assertEquals(-2 * Math.exp(-45), gm.get(0, 0), 1e-32);
        assertTrue(new SoftmaxCrossEntropy(Reduction.SUM).evaluate(sure, multi, null) > 0);

        Matrix mse = new Matrix(4, 1, new double[] {1e6, -1e6, 1e6, -1e6});
        assertTrue(Double.isFinite(new SquaredLoss(Reduction.SUM).evaluate(mse, bin, g)));
    }
}
