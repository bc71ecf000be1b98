package org.ntklab.data;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.ntklab.io.InvalidInputException;
import org.ntklab.linalg.Matrix;

/**
 * Points uniform on the unit sphere S^(d-1), labelled by a random teacher drawn from the seed:
 * {@code linear}, y = [w . x > 0] with Gaussian w; or {@code relu}, y = [f(x) > 0] for a one-hidden-
 * layer ReLU network f(x) = sum_j v_j relu(w_j . x) of width {@value #TEACHER_WIDTH} with Gaussian w_j
 * and read-out v = (+1, ..., +1, -1, ..., -1): the two halves are exchangeable, so f(x) is symmetric
 * about 0 and the classes are balanced in expectation.
 *
 * @param near if present, the second point is moved to this Euclidean distance from the first
 *             (both on the sphere; its label is the teacher's at the new point)
 * @param test number of extra points from the same distribution and teacher, for a test set
 */
public record SphereSpec(int d, int n, Teacher teacher, OptionalDouble near, int test, Norm norm)
        implements DataSpec {

    static final int TEACHER_WIDTH = 32;
    private static final String[] CLASS_NAMES = {"0", "1"};

    public enum Teacher {
        LINEAR, RELU;

        String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SphereSpec {
        if (d < 2) {
            throw new InvalidInputException("sphere: d must be at least 2, got " + d);
        }
        if (n < 1) {
            throw new InvalidInputException("sphere: n must be at least 1, got " + n);
        }
        NearPair.check("sphere", near, n);
        if (test < 0) {
            throw new InvalidInputException("sphere: test must not be negative, got " + test);
        }
    }

    @Override
    public DataSize size() {
        double teacherBytes = (double) (teacher == Teacher.LINEAR ? 1 : TEACHER_WIDTH) * d * Double.BYTES;
        return new DataSize(n, test, d, teacherBytes + DataSize.samplesBytes((double) n + test, d));
    }

    @Override
    public DataSplit load(long seed) {
        // separate streams, so the teacher does not depend on n and the training set not on test
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom teacherRandom = root.split();
        SplittableRandom trainRandom = root.split();
        SplittableRandom testRandom = root.split();
        double[][] weights = new double[teacher == Teacher.LINEAR ? 1 : TEACHER_WIDTH][d];
        for (double[] w : weights) {
            for (int j = 0; j < d; j++) {
                w[j] = Gaussian.next(teacherRandom);
            }
        }
        Matrix x = sample(trainRandom, n);
        if (near.isPresent()) {
            moveSecondPointNearFirst(x, near.getAsDouble(), trainRandom);
        }
        String description = this + " seed=" + seed;
        Dataset train = labelled(x, weights, description + (test > 0 ? " train" : ""));
        if (test == 0) {
            return new DataSplit(train, null);
        }
        return new DataSplit(train, labelled(sample(testRandom, test), weights, description + " test"));
    }

    private Matrix sample(SplittableRandom random, int count) {
        Matrix x = new Matrix(count, d);
        for (int i = 0; i < count; i++) {
            System.arraycopy(Gaussian.unitVector(random, d), 0, x.data(), i * d, d);
        }
        return x;
    }

    /** x_1 = cos(phi) x_0 + sin(phi) u, with u a random unit vector orthogonal to x_0. */
    private void moveSecondPointNearFirst(Matrix x, double distance, SplittableRandom random) {
        double[] x0 = x.row(0);
        double[] u;
        double norm;
        do {
            u = Gaussian.unitVector(random, d);
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += u[j] * x0[j];
            }
            double sum = 0;
            for (int j = 0; j < d; j++) {
                u[j] -= dot * x0[j];
                sum += u[j] * u[j];
            }
            norm = StrictMath.sqrt(sum);
        } while (norm < 1e-6);
        double phi = NearPair.angleForDistance(distance);
        for (int j = 0; j < d; j++) {
            x.set(1, j, StrictMath.cos(phi) * x0[j] + StrictMath.sin(phi) * u[j] / norm);
        }
    }

    private Dataset labelled(Matrix x, double[][] weights, String description) {
        int[] labels = new int[x.rows()];
        for (int i = 0; i < x.rows(); i++) {
            labels[i] = teacherOutput(x.row(i), weights) > 0 ? 1 : 0;
        }
        return new Dataset(description, x, labels, 2, CLASS_NAMES.clone());
    }

    private double teacherOutput(double[] point, double[][] weights) {
        if (teacher == Teacher.LINEAR) {
            return dot(weights[0], point);
        }
        double out = 0;
        for (int k = 0; k < weights.length; k++) {
            double sign = k < weights.length / 2 ? 1 : -1;
            out += sign * Math.max(0, dot(weights[k], point));
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    @Override
    public String toString() {
        return "sphere:d=" + d + ",n=" + n + ",teacher=" + teacher.specName()
                + (near.isPresent() ? ",near=" + near.getAsDouble() : "") + ",test=" + test + ",norm=" + norm.specName();
    }
}
