package org.ntklab.metrics;

import java.util.List;

/** How well the network fits: training loss and accuracy, and test accuracy when there is a test set. */
public final class Fit implements Metric {
    public static final String LOSS = "loss";
    public static final String ACCURACY = "accuracy";
    public static final String TEST_ACCURACY = "test_accuracy";

    @Override
    public List<String> columns() {
        return List.of(LOSS, ACCURACY, TEST_ACCURACY);
    }

    @Override
    public void measure(Snapshot s, MetricsRow row) {
        TrainingSetup setup = s.setup();
        row.set(LOSS, setup.loss().evaluate(s.trainOutputs(), setup.targets(), null));
        row.set(ACCURACY, setup.loss().accuracy(s.trainOutputs(), setup.targets()));
        if (setup.testInputs() != null) {
            row.set(TEST_ACCURACY, setup.loss().accuracy(s.network().forward(setup.testInputs()), setup.testTargets()));
        }
    }
}
