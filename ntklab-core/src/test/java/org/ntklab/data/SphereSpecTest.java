package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SphereSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"linear", "relu"})
    void pointsOnTheSphereWithRoughlyBalancedTeacherLabels(String teacher) {
        Dataset d = DataSpec.parse("sphere:d=10,n=2000,teacher=" + teacher).load(5).train();
        assertEquals(2000, d.n());
        assertEquals(10, d.dim());
        for (int i = 0; i < d.n(); i++) {
            double sum = 0;
            for (double v : d.x().row(i)) {
                sum += v * v;
            }
            assertEquals(1.0, sum, 1e-12);
        }
        int ones = d.classCounts()[1];
        assertTrue(ones > 700 && ones < 1300, teacher + ": " + ones + " of 2000 in class 1");
    }

    @Test
    void linearTeacherIsAHalfSpace() {
        // the same teacher labels train and test: a linear separator must exist for both together
        DataSplit split = DataSpec.parse("sphere:d=3,n=200,teacher=linear,test=200").load(11);
        Dataset train = split.train();
        // perceptron on the union finds a separator through the origin when one exists
        double[] w = new double[3];
        for (int epoch = 0; epoch < 1000; epoch++) {
            boolean mistakes = false;
            for (Dataset part : new Dataset[] {train, split.test()}) {
                for (int i = 0; i < part.n(); i++) {
                    double[] x = part.x().row(i);
                    double y = part.labels()[i] == 1 ? 1 : -1;
                    if (y * (w[0] * x[0] + w[1] * x[1] + w[2] * x[2]) <= 0) {
                        for (int j = 0; j < 3; j++) {
                            w[j] += y * x[j];
                        }
                        mistakes = true;
                    }
                }
            }
            if (!mistakes) {
                return;
            }
        }
        throw new AssertionError("labels of a linear teacher are not linearly separable");
    }

    @Test
    void seededAndTrainIndependentOfTestSize() {
        Dataset a = DataSpec.parse("sphere:d=5,n=30,teacher=relu").load(1).train();
        Dataset b = DataSpec.parse("sphere:d=5,n=30,teacher=relu,test=10").load(1).train();
        Dataset c = DataSpec.parse("sphere:d=5,n=30,teacher=relu").load(2).train();
        assertArrayEquals(a.x().data(), b.x().data());
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(a.x().distance(c.x()) < 1e-3);
    }

    @Test
    void nearPairAtTheRequestedDistance() {
        Dataset d = DataSpec.parse("sphere:d=10,n=8,near=0.001").load(4).train();
        assertEquals(0.001, d.x().rowRange(0, 1).distance(d.x().rowRange(1, 2)), 1e-12);
        double norm = 0;
        for (double v : d.x().row(1)) {
            norm += v * v;
        }
        assertEquals(1.0, norm, 1e-12);
    }
}
