package org.ntklab.cli.common;

/** The exit codes of every ntklab command (listed in {@code ntklab --help}). */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** A run failed (a numerical failure, a failed write) or ntklab has a bug. */
    public static final int FAILURE = 1;
    /** Bad usage or bad input: an unknown option, an invalid value, unreadable data or spec. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
