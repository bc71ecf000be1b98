package org.ntklab.sweep;

import java.io.Serializable;

/**
 * What became of a cell in one invocation of the sweep, as the executor reports it.
 *
 * @param cell    the cell's name
 * @param outcome {@link #RAN}, {@link #RESUMED} (continued from the checkpoint of a killed attempt),
 *                {@link #SKIPPED} (already finished) or {@link #FAILED}
 * @param message the error of a failed cell, else null
 * @param seconds wall time the executor spent on it
 * @param host    where it ran
 */
public record CellOutcome(String cell, String outcome, String message, double seconds, String host)
        implements Serializable {
    public static final String RAN = "ran";
    public static final String RESUMED = "resumed";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";
}
