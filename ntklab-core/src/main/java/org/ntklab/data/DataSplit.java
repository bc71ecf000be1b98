package org.ntklab.data;

import java.util.Objects;
import java.util.Optional;
import org.ntklab.io.InvalidInputException;

/**
 * A training set and, when one was asked for, a disjoint test set of the same classes and dimension.
 *
 * @param test null when no test split was requested
 */
public record DataSplit(Dataset train, Dataset test) {

    public DataSplit {
        Objects.requireNonNull(train, "train");
        if (test != null) {
            if (test.dim() != train.dim()) {
                throw new InvalidInputException("test inputs have dimension " + test.dim()
                        + " but training inputs " + train.dim());
            }
            if (test.numClasses() != train.numClasses()) {
                throw new InvalidInputException("test set has " + test.numClasses()
                        + " classes but training set " + train.numClasses());
            }
        }
    }

    public boolean hasTest() {
        return test != null;
    }

    public Optional<Dataset> testSet() {
        return Optional.ofNullable(test);
    }
}
