package org.ntklab.data;

import java.util.OptionalInt;

/**
 * A data set drawn from labelled samples (MNIST, Fashion-MNIST, any IDX pair, a CSV file): a class
 * selection, n training and {@code test} test samples per class, stratified and disjoint; see
 * {@link StratifiedSampler}. Without n, every remaining sample of the selected classes is used.
 */
record LabelledSpec(SampleSource source, ClassSelection classes, OptionalInt nPerClass, int testPerClass, Norm norm)
        implements DataSpec {

    LabelledSpec {
        if (nPerClass.isPresent() && nPerClass.getAsInt() < 1) {
            throw new IllegalArgumentException(source.kind() + ": n must be at least 1, got " + nPerClass.getAsInt());
        }
        if (testPerClass < 0) {
            throw new IllegalArgumentException(source.kind() + ": test must not be negative, got " + testPerClass);
        }
    }

    @Override
    public DataSplit load(long seed) {
        LabelledSamples samples = source.open();
        String description = this + " seed=" + seed + " from " + samples.source();
        return StratifiedSampler.select(samples, classes, nPerClass, testPerClass, seed, norm, description);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(source.kind()).append(':');
        if (!source.locationItems().isEmpty()) {
            s.append(source.locationItems()).append(',');
        }
        s.append(classes.specText());
        nPerClass.ifPresent(n -> s.append(",n=").append(n));
        s.append(",test=").append(testPerClass).append(",norm=").append(norm.specName());
        if (!source.trailingItems().isEmpty()) {
            s.append(',').append(source.trailingItems());
        }
        return s.toString();
    }
}
