package org.ntklab.data;

/**
 * A data source that cannot give what was asked: a malformed or truncated file, a class the source
 * does not have, more samples than it holds. The message names the file (or source) and the problem,
 * so a command line tool can print it as it is and exit with code 2.
 */
public class DataFormatException extends RuntimeException {
    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
