package org.ntklab.data;

import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.ntklab.io.InvalidInputException;
import org.ntklab.linalg.Matrix;

/**
 * Points x = (cos t, sin t) on the unit circle, labelled by k alternating sectors: sector j holds the
 * angles within pi/k of 2 pi j / k, and its label is j mod 2. With the defaults (n = 6 equally spaced
 * angles t_i = 2 pi i / 6 = i pi / 3, k = n) this is the paper's set: labels 0, 1, 0, 1, 0, 1.
 *
 * @param n       number of training points
 * @param sectors k, even so that labels alternate all the way round
 * @param random  draw the angles uniformly instead of spacing them equally
 * @param near    if present, the second point is moved to this Euclidean distance from the first
 *                (both stay on the circle; its label follows the sector rule at its new angle)
 * @param test    number of extra points, at uniformly random angles, for a test set
 */
public record CircleSpec(int n, int sectors, boolean random, OptionalDouble near, int test, Norm norm)
        implements DataSpec {

    private static final String[] CLASS_NAMES = {"0", "1"};

    public CircleSpec {
        if (n < 1) {
            throw new InvalidInputException("circle: n must be at least 1, got " + n);
        }
        if (sectors < 2 || sectors % 2 != 0) {
            throw new InvalidInputException("circle: sectors must be even and at least 2 so labels alternate, got "
                    + sectors);
        }
        NearPair.check("circle", near, n);
        if (test < 0) {
            throw new InvalidInputException("circle: test must not be negative, got " + test);
        }
    }

    /** The paper's six points. */
    public static CircleSpec paper() {
        return new CircleSpec(6, 6, false, OptionalDouble.empty(), 0, Norm.UNIT);
    }

    @Override
    public DataSize size() {
        double samples = (double) n + test;
        // the angles, then the points and labels
        return new DataSize(n, test, 2, samples * Double.BYTES + DataSize.samplesBytes(samples, 2));
    }

    @Override
    public DataSplit load(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom trainRandom = root.split();
        SplittableRandom testRandom = root.split();
        double[] angles = new double[n];
        for (int i = 0; i < n; i++) {
            angles[i] = random ? 2 * StrictMath.PI * trainRandom.nextDouble() : 2 * StrictMath.PI * i / n;
        }
        if (near.isPresent()) {
            angles[1] = angles[0] + NearPair.angleForDistance(near.getAsDouble());
        }
        String description = this + " seed=" + seed;
        Dataset train = points(angles, description + (test > 0 ? " train" : ""));
        if (test == 0) {
            return new DataSplit(train, null);
        }
        double[] testAngles = new double[test];
        for (int i = 0; i < test; i++) {
            testAngles[i] = 2 * StrictMath.PI * testRandom.nextDouble();
        }
        return new DataSplit(train, points(testAngles, description + " test"));
    }

    private Dataset points(double[] angles, String description) {
        Matrix x = new Matrix(angles.length, 2);
        int[] labels = new int[angles.length];
        for (int i = 0; i < angles.length; i++) {
            x.set(i, 0, StrictMath.cos(angles[i]));
            x.set(i, 1, StrictMath.sin(angles[i]));
            labels[i] = label(angles[i]);
        }
        return new Dataset(description, x, labels, 2, CLASS_NAMES.clone());
    }

    /** Sectors are centred on 2 pi j / k, so equally spaced points sit mid-sector, safe from rounding. */
    int label(double angle) {
        long sector = Math.round(angle / (2 * StrictMath.PI / sectors));
        return (int) Math.floorMod(sector, (long) sectors) % 2;
    }

    @Override
    public String toString() {
        return "circle:n=" + n + ",sectors=" + sectors + ",random=" + random
                + (near.isPresent() ? ",near=" + near.getAsDouble() : "") + ",test=" + test + ",norm=" + norm.specName();
    }
}
