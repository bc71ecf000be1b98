package org.ntklab.io;

/**
 * Input the user can fix: an invalid option or setting, a malformed spec, data that does not fit.
 * The message names what and where, so a command line tool prints it as it is and exits with its
 * usage code. Other {@link IllegalArgumentException}s are internal checks (shapes, invariants): when
 * one escapes to the command line it is a bug in ntklab, not the user's fault.
 */
public class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
