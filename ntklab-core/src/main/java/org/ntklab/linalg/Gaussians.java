package org.ntklab.linalg;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Fast, reproducible N(0, 1) fills for large parameter blocks. A block is cut into fixed chunks, each
 * with its own SplitMix stream derived from (seed, stream id, chunk), so the values are the same
 * whatever the number of threads that fill the chunks in parallel.
 */
public final class Gaussians {
    private static final int CHUNK = 1 << 15;

    private Gaussians() {
    }

    /** Fills {@code values} with standard normal draws determined by (seed, streamId). */
    public static void fill(double[] values, long seed, long streamId) {
        int chunks = (values.length + CHUNK - 1) / CHUNK;
        IntStream range = IntStream.range(0, chunks);
        if (chunks > 4) {
            range = range.parallel();
        }
        range.forEach(c -> fillChunk(values, c * CHUNK, Math.min(values.length, (c + 1) * CHUNK),
                new SplittableRandom(mix(seed, streamId, c))));
    }

    private static void fillChunk(double[] values, int from, int to, SplittableRandom random) {
        // Marsaglia's polar method: two normals per accepted pair, no trigonometry.
        int i = from;
        while (i < to) {
            double u;
            double v;
            double s;
            do {
                u = 2 * random.nextDouble() - 1;
                v = 2 * random.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double factor = Math.sqrt(-2 * Math.log(s) / s);
            values[i++] = u * factor;
            if (i < to) {
                values[i++] = v * factor;
            }
        }
    }

    /** A well-mixed 64-bit seed from three integers (SplitMix64 finaliser applied in sequence). */
    static long mix(long seed, long streamId, long chunk) {
        long h = finalise(seed ^ 0x9E3779B97F4A7C15L);
        h = finalise(h ^ (streamId * 0xBF58476D1CE4E5B9L));
        return finalise(h ^ (chunk * 0x94D049BB133111EBL));
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
