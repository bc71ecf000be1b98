package org.ntklab.data;

/**
 * Checks on data files shared by the IDX and CSV loaders. Kept free of the rest of the data package
 * (JDK classes and {@link org.ntklab.io.Printable} only), because scripts/fetch-mnist.sh compiles the
 * IDX converter with javac alone, without the Maven class path.
 */
final class DataFiles {
    private DataFiles() {
    }

    /** The size of a data file, which must be a regular file (0 when it does not exist: loading says so). */
    static long regularFileSize(java.nio.file.Path file) {
        if (!java.nio.file.Files.exists(file)) {
            return 0;
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new DataFormatException(org.ntklab.io.Printable.escape(file.toString()) + ": "
                    + (java.nio.file.Files.isDirectory(file) ? "a directory" : "not a regular file (a device or a pipe)")
                    + ", not a data file");
        }
        if (!java.nio.file.Files.isReadable(file)) {
            throw new DataFormatException(org.ntklab.io.Printable.escape(file.toString()) + ": permission denied");
        }
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            throw new DataFormatException(org.ntklab.io.Printable.escape(file.toString()) + ": cannot read: "
                    + e.getMessage(), e);
        }
    }

}
