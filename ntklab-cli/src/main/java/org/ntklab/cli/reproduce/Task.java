package org.ntklab.cli.reproduce;

import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/** One independent piece of a reproduce run; tasks run in parallel, each writing its own files. */
interface Task {
    String name();

    /** Relative cost (about CPU seconds on the reference machine), for scheduling and the progress bar. */
    double cost();

    /** Computes into {@code runDir}, reporting the fraction done. */
    void run(Path runDir, DoubleConsumer progress) throws Exception;
}
