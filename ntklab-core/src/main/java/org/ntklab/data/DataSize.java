package org.ntklab.data;

/**
 * What loading a data set will take, known from its spec before anything is read or allocated, so
 * that impossible sizes are refused at once. Counts not known before loading (the rows of a CSV
 * file) are NaN; {@code loadBytes} bounds the memory that loading itself takes.
 *
 * @param trainSamples training samples (NaN: not known before loading)
 * @param testSamples  test samples (NaN: not known)
 * @param dim          input dimension (NaN: not known)
 * @param loadBytes    memory loading takes at most, in bytes (NaN: not known)
 */
public record DataSize(double trainSamples, double testSamples, double dim, double loadBytes) {
    public static final DataSize UNKNOWN = new DataSize(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** The exact size of a loaded data set. */
    public static DataSize of(DataSplit split) {
        double test = split.test() == null ? 0 : split.test().n();
        return new DataSize(split.train().n(), test, split.train().dim(), 0);
    }

    /** Samples of dimension d held as doubles, with their labels. */
    static double samplesBytes(double samples, double dim) {
        return samples * (dim * Double.BYTES + Integer.BYTES);
    }
}
