package org.ntklab.data;

import java.util.OptionalDouble;
import org.ntklab.io.InvalidInputException;

/**
 * The near-duplicate option ({@code near=DIST}): the first two inputs of a set at Euclidean distance
 * DIST, both on the unit sphere, for watching lambda_min of the NTK Gram matrix fall as they approach.
 */
final class NearPair {
    private NearPair() {
    }

    static void check(String kind, OptionalDouble near, int n) {
        if (near.isEmpty()) {
            return;
        }
        double distance = near.getAsDouble();
        if (!(distance > 0 && distance <= 2)) {
            throw new InvalidInputException(kind + ": near must be a distance in (0, 2] between two unit vectors, got "
                    + distance);
        }
        if (n < 2) {
            throw new InvalidInputException(kind + ": near needs at least two points, n=" + n);
        }
    }

    /** The angle between two unit vectors at chord distance {@code distance}. */
    static double angleForDistance(double distance) {
        return 2 * StrictMath.asin(distance / 2);
    }
}
