package org.ntklab.data;

/**
 * Labelled samples as a source stores them, before class selection and preprocessing: integer
 * labels as written in the source, features as read (pixels already divided by 255).
 * Implementations keep the compact stored form, so that only the selected rows become doubles.
 */
interface LabelledSamples {
    /** Names the file(s) or resource, for error messages and descriptions. */
    String source();

    int size();

    int dim();

    /** The label of sample i as stored in the source. */
    int label(int i);

    /** Copies the features of sample i into {@code target} starting at {@code offset}. */
    void copyFeatures(int i, double[] target, int offset);

    /** A readable name for a stored label value, e.g. "7" or "Sneaker". */
    default String className(int label) {
        return Integer.toString(label);
    }
}
