package org.ntklab.io;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ntklab.linalg.Matrix;

/**
 * Writes a matrix as CSV (one row per line, an optional header line), for spreadsheets and plotting
 * tools. Values are written with {@link Double#toString}, which reads back to the same double.
 */
public final class CsvMatrix {
    private CsvMatrix() {
    }

    /**
     * @param header column names, one per column, or null for no header line
     */
    public static void write(Path file, Matrix m, String[] header) {
        if (header != null && header.length != m.cols()) {
            throw new InvalidInputException("CSV header for " + file + " has " + header.length
                    + " names but the matrix has " + m.cols() + " columns");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(writer, format);
            if (header != null) {
                printer.printRecord((Object[]) header);
            }
            Object[] row = new Object[m.cols()];
            for (int i = 0; i < m.rows(); i++) {
                for (int j = 0; j < m.cols(); j++) {
                    row[j] = Double.toString(m.get(i, j));
                }
                printer.printRecord(row);
            }
            printer.flush();
        });
    }
}
