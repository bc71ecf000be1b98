package org.ntklab.io;

/**
 * A file that cannot be read as the format it claims to be. The message always names the file and
 * the problem, so a command line tool can print it as it is (and exit with a usage-style code).
 */
public class FileFormatException extends RuntimeException {
    public FileFormatException(String message) {
        super(message);
    }

    public FileFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
