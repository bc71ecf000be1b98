package org.ntklab.data;

import java.util.OptionalInt;
import org.ntklab.io.InvalidInputException;

/**
 * A data set drawn from labelled samples (MNIST, Fashion-MNIST, any IDX pair, a CSV file): a class
 * selection, n training and {@code test} test samples per class, stratified and disjoint; see
 * {@link StratifiedSampler}. Without n, every remaining sample of the selected classes is used.
 */
record LabelledSpec(SampleSource source, ClassSelection classes, OptionalInt nPerClass, int testPerClass, Norm norm)
        implements DataSpec {

    LabelledSpec {
        if (nPerClass.isPresent() && nPerClass.getAsInt() < 1) {
            throw new InvalidInputException(source.kind() + ": n must be at least 1, got " + nPerClass.getAsInt());
        }
        if (testPerClass < 0) {
            throw new InvalidInputException(source.kind() + ": test must not be negative, got " + testPerClass);
        }
    }

    /** Images are 28 x 28 (MNIST, Fashion-MNIST); other files are known only by their size. */
    @Override
    public DataSize size() {
        if (source instanceof SampleSource.Csv csv) {
            // a CSV number takes at least two characters ("0,"); parsing holds each row as an array
            // and each label boxed, about 12 bytes of memory per byte of file at worst
            return new DataSize(Double.NaN, Double.NaN, Double.NaN, 12.0 * DataFiles.regularFileSize(csv.file()));
        }
        if (source instanceof SampleSource.Idx idx) {
            DataFiles.regularFileSize(idx.images());
            DataFiles.regularFileSize(idx.labels());
            return DataSize.UNKNOWN; // the reader checks the header's sizes against the file
        }
        return new DataSize(Double.NaN, Double.NaN, 28 * 28, Double.NaN);
    }

    @Override
    public DataSplit load(long seed) {
        size(); // a device or a directory is refused before it is opened
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
