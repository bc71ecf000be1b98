package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.linalg.Matrix;

class DatasetTest {

    private static Dataset threeSamples(int numClasses, String... names) {
        return new Dataset("test set", Matrix.of(new double[][] {{1, 0}, {0, 1}, {0.6, 0.8}}), new int[] {0, 1, 1},
                numClasses, names);
    }

    @Test
    void shapesAndTargets() {
        Dataset d = threeSamples(2, "0", "1");
        assertEquals(3, d.n());
        assertEquals(2, d.dim());
        assertArrayEquals(new double[] {0, 1, 1}, d.binaryTargets());
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 1}, d.oneHot().data());
        assertArrayEquals(new int[] {1, 2}, d.classCounts());
    }

    @Test
    void oneHotHasAColumnPerClassEvenWhenAClassIsAbsent() {
        Dataset d = threeSamples(3, "a", "b", "c");
        assertEquals(3, d.oneHot().cols());
        IllegalStateException e = assertThrows(IllegalStateException.class, d::binaryTargets);
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void rejectsInconsistentInput() {
        Matrix x = Matrix.of(new double[][] {{1, 0}, {0, 1}});
        assertThrows(IllegalArgumentException.class, () -> new Dataset("d", x, new int[] {0}, 2, new String[] {"0", "1"}));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", x, new int[] {0, 2}, 2, new String[] {"0", "1"}));
        assertTrue(range.getMessage().contains("label 2 of sample 1"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset("d", x, new int[] {0, 1}, 2, new String[] {"0"}));
        Matrix nan = Matrix.of(new double[][] {{1, 0}, {Double.NaN, 1}});
        IllegalArgumentException finite = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", nan, new int[] {0, 1}, 2, new String[] {"0", "1"}));
        assertTrue(finite.getMessage().contains("sample 1, feature 0 is NaN"), finite.getMessage());
    }

    @Test
    void splitChecksThatTestMatchesTrain() {
        Dataset train = threeSamples(2, "0", "1");
        Dataset wide = new Dataset("wide", new Matrix(1, 3), new int[] {0}, 2, new String[] {"0", "1"});
        assertThrows(IllegalArgumentException.class, () -> new DataSplit(train, wide));
        DataSplit noTest = new DataSplit(train, null);
        assertTrue(noTest.testSet().isEmpty());
    }
}
