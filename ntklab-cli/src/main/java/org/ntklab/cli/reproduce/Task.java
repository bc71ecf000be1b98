package org.ntklab.cli.reproduce;

import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.function.DoubleConsumer;
import org.ntklab.train.TrainingConfig;

/** One independent piece of a reproduce run; tasks run in parallel, each writing its own files. */
interface Task {
    String name();

    /** Relative cost (about CPU seconds on the reference machine), for scheduling and the progress bar. */
    double cost();

    /** Computes into {@code runDir}, reporting the fraction done. */
    void run(Path runDir, DoubleConsumer progress) throws Exception;

    /** Whether {@code runDir} already holds this task's result (a resumed reproduction), so that {@link #run} keeps it. */
    default boolean done(Path runDir) {
        return false;
    }

    /**
     * The task's own record of its wall time in {@code runDir}, added over every leg of a resumed
     * reproduction it ran in (a training run's 'training-wall-seconds'); empty when it keeps none, and
     * the scheduler's clock is used instead.
     */
    default OptionalDouble recordedSeconds(Path runDir) {
        return OptionalDouble.empty();
    }

    /** The configuration of the training run this task is, or null when it trains nothing. */
    default TrainingConfig trainConfig() {
        return null;
    }

    /** What a task computes, as a lambda. */
    interface Work {
        void run(Path runDir, DoubleConsumer progress) throws Exception;
    }

    /** A task whose name and cost are fixed and whose work is {@code work}. */
    static Task of(String name, double cost, Work work) {
        return new Simple(name, cost, work);
    }

    /** A task as a name, a cost and its work. */
    record Simple(String name, double cost, Work work) implements Task {
        @Override
        public void run(Path runDir, DoubleConsumer progress) throws Exception {
            work.run(runDir, progress);
        }
    }
}
