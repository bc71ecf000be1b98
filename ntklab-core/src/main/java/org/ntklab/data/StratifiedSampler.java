package org.ntklab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.ntklab.linalg.Matrix;

/**
 * Draws a training set and a disjoint test set from labelled samples, the same number per class
 * (stratified), deterministically by seed.
 *
 * <p>Each class's samples are shuffled with a generator seeded by (seed, class label) alone; the
 * training set takes the first n, the test set the next {@code test}. So the training set does not
 * depend on how many test samples are asked for, nor on which other classes are selected.
 * Sampled rows come grouped by class, in class-index order. When neither n nor a test split is
 * asked for, nothing is sampled: the selected samples are kept as stored, in their order.
 */
final class StratifiedSampler {
    private StratifiedSampler() {
    }

    static DataSplit select(LabelledSamples samples, ClassSelection selection, OptionalInt nPerClass,
            int testPerClass, long seed, Norm norm, String description) {
        ClassSelection.Resolved classes = selection.resolve(samples);
        int k = classes.numClasses();
        List<List<Integer>> pools = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            pools.add(new ArrayList<>());
        }
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            int c = classes.indexOf(samples.label(i));
            if (c >= 0) {
                pools.get(c).add(i);
                selected.add(i);
            }
        }
        if (nPerClass.isEmpty() && testPerClass == 0) {
            return new DataSplit(build(samples, classes, selected, norm, description), null);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<Integer> pool = pools.get(c);
            int available = pool.size();
            int n = nPerClass.orElse(available - testPerClass);
            if (n + (long) testPerClass > available || n < 1) {
                throw new DataFormatException(samples.source() + ": class " + classes.classNames()[c] + " has "
                        + available + " samples, but " + (nPerClass.isPresent() ? "n=" + n : "at least 1") + " training"
                        + (testPerClass > 0 ? " + test=" + testPerClass + " test" : "") + " samples per class were asked for");
            }
            shuffle(pool, new SplittableRandom(classSeed(seed, classes.classNames()[c])));
            train.addAll(pool.subList(0, n));
            test.addAll(pool.subList(n, n + testPerClass));
        }
        Dataset trainSet = build(samples, classes, train, norm, description + " train");
        Dataset testSet = testPerClass > 0 ? build(samples, classes, test, norm, description + " test") : null;
        return new DataSplit(trainSet, testSet);
    }

    /** Mixes the seed with the class name so each class has its own stream. */
    private static long classSeed(long seed, String className) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < className.length(); i++) {
            h = (h ^ className.charAt(i)) * 0xBF58476D1CE4E5B9L;
        }
        return h ^ (h >>> 31);
    }

    private static void shuffle(List<Integer> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }

    private static Dataset build(LabelledSamples samples, ClassSelection.Resolved classes, List<Integer> indices,
            Norm norm, String description) {
        int d = samples.dim();
        double[] x = new double[indices.size() * d];
        int[] labels = new int[indices.size()];
        for (int row = 0; row < indices.size(); row++) {
            int index = indices.get(row);
            samples.copyFeatures(index, x, row * d);
            norm.applyToRow(x, row * d, d, samples.source() + ": sample " + index);
            labels[row] = classes.indexOf(samples.label(index));
        }
        return new Dataset(description, new Matrix(indices.size(), d, x), labels, classes.numClasses(),
                classes.classNames());
    }
}
