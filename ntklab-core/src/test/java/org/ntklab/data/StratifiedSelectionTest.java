package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.Matrix;

/** Class selection and stratified, disjoint, seeded sampling, on the bundled real MNIST digits. */
class StratifiedSelectionTest {

    /** Rows as strings, to find the same image in two sets (the digits are distinct images). */
    private static Set<String> rows(Dataset d) {
        Set<String> rows = new HashSet<>();
        for (int i = 0; i < d.n(); i++) {
            rows.add(java.util.Arrays.toString(d.x().row(i)));
        }
        return rows;
    }

    private static void assertDisjoint(Dataset train, Dataset test) {
        Set<String> trainRows = rows(train);
        assertEquals(train.n(), trainRows.size(), "training rows are distinct");
        for (String row : rows(test)) {
            assertFalse(trainRows.contains(row), "a test image is also in the training set");
        }
    }

    @Test
    void binaryPairIsStratifiedAndDisjoint() {
        DataSplit split = DataSpec.parse("mnist:classes=3,8,n=60,test=40,source=bundled").load(42);
        Dataset train = split.train();
        Dataset test = split.test();
        assertEquals(2, train.numClasses());
        assertArrayEquals(new String[] {"3", "8"}, train.classNames());
        assertArrayEquals(new int[] {60, 60}, train.classCounts());
        assertArrayEquals(new int[] {40, 40}, test.classCounts());
        assertEquals(784, train.dim());
        assertDisjoint(train, test);
        assertEquals(120, train.binaryTargets().length);
    }

    @Test
    void multiClassIsStratifiedDisjointAndOneHot() {
        DataSplit split = DataSpec.parse("mnist:classes=0,1,2,n=50,test=30,source=bundled").load(1);
        assertArrayEquals(new int[] {50, 50, 50}, split.train().classCounts());
        assertArrayEquals(new int[] {30, 30, 30}, split.test().classCounts());
        assertDisjoint(split.train(), split.test());
        Matrix oneHot = split.train().oneHot();
        assertEquals(3, oneHot.cols());
        for (int i = 0; i < oneHot.rows(); i++) {
            assertEquals(1.0, oneHot.get(i, split.train().labels()[i]));
            assertEquals(1.0, oneHot.row(i)[0] + oneHot.row(i)[1] + oneHot.row(i)[2]);
        }
    }

    @Test
    void parityIsOddAgainstEvenWithLabelsZeroOne() {
        DataSplit split = DataSpec.parse("mnist:parity,n=100,test=50,source=bundled,norm=raw").load(3);
        Dataset train = split.train();
        assertArrayEquals(new String[] {"even", "odd"}, train.classNames());
        assertArrayEquals(new int[] {100, 100}, train.classCounts());
        assertArrayEquals(new int[] {50, 50}, split.test().classCounts());
        assertDisjoint(train, split.test());
        // every row is a bundled digit whose parity is its label
        LabelledSamples bundled = MnistFiles.bundled();
        java.util.Map<String, Integer> digitOfRow = new java.util.HashMap<>();
        double[] row = new double[784];
        for (int i = 0; i < bundled.size(); i++) {
            bundled.copyFeatures(i, row, 0);
            digitOfRow.put(java.util.Arrays.toString(row), bundled.label(i));
        }
        Set<Integer> digitsSeen = new HashSet<>();
        for (int i = 0; i < train.n(); i++) {
            int digit = digitOfRow.get(java.util.Arrays.toString(train.x().row(i)));
            digitsSeen.add(digit);
            assertEquals(digit % 2, train.labels()[i]);
        }
        assertEquals(10, digitsSeen.size(), "all ten digits appear");
    }

    @Test
    void sameSeedSameSamplesAndTrainDoesNotDependOnTest() {
        Dataset a = DataSpec.parse("mnist:classes=4,9,n=20,source=bundled").load(9).train();
        Dataset b = DataSpec.parse("mnist:classes=4,9,n=20,source=bundled").load(9).train();
        Dataset withTest = DataSpec.parse("mnist:classes=4,9,n=20,test=30,source=bundled").load(9).train();
        Dataset other = DataSpec.parse("mnist:classes=4,9,n=20,source=bundled").load(10).train();
        assertArrayEquals(a.x().data(), b.x().data());
        assertArrayEquals(a.x().data(), withTest.x().data());
        assertTrue(a.x().distance(other.x()) > 0);
    }

    @Test
    void unitNormByDefaultRawOnRequest() {
        Dataset unit = DataSpec.parse("mnist:classes=0,1,n=5,source=bundled").load(0).train();
        Dataset raw = DataSpec.parse("mnist:classes=0,1,n=5,source=bundled,norm=raw").load(0).train();
        for (int i = 0; i < unit.n(); i++) {
            double norm = 0;
            double max = 0;
            double rawNorm = 0;
            for (int j = 0; j < unit.dim(); j++) {
                norm += unit.x().get(i, j) * unit.x().get(i, j);
                rawNorm += raw.x().get(i, j) * raw.x().get(i, j);
                max = Math.max(max, raw.x().get(i, j));
            }
            assertEquals(1.0, norm, 1e-12);
            assertTrue(max <= 1.0 && max > 0.9, "raw pixels are in [0, 1]");
            for (int j = 0; j < unit.dim(); j++) {
                assertEquals(raw.x().get(i, j) / Math.sqrt(rawNorm), unit.x().get(i, j), 1e-15);
            }
        }
    }

    @Test
    void allClassesWithoutNKeepsTheStoredOrder() {
        Dataset d = DataSpec.parse("mnist:all,source=bundled").load(0).train();
        assertEquals(2000, d.n());
        assertEquals(10, d.numClasses());
        assertEquals(0, d.labels()[0]);
        assertEquals(9, d.labels()[1999]);
    }

    @Test
    void classThatDoesNotExist() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSpec.parse("mnist:classes=3,12,n=10,source=bundled").load(0));
        assertTrue(e.getMessage().contains("class 12 does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("0..9"), e.getMessage());
        assertTrue(e.getMessage().contains("mnist-subset"), e.getMessage());
    }

    @Test
    void moreSamplesThanExist() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSpec.parse("mnist:classes=0,1,n=150,test=100,source=bundled").load(0));
        assertTrue(e.getMessage().contains("class 0 has 200 samples"), e.getMessage());
        assertTrue(e.getMessage().contains("n=150"), e.getMessage());
        assertTrue(e.getMessage().contains("test=100"), e.getMessage());
        assertTrue(e.getMessage().contains("bundled MNIST subset"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/fetch-mnist.sh"), e.getMessage());
    }
}
