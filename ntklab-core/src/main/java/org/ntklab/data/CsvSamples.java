package org.ntklab.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV data set: one sample per row, features first, the integer label in the last column.
 * A first row with no numeric cell is taken as a header and skipped. Every feature must be a finite
 * number: NaN, infinities and non-numeric cells are errors naming the file, line and column.
 */
record CsvSamples(String source, int dim, double[] features, int[] labels) implements LabelledSamples {

    static CsvSamples read(Path file) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get();
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int columns = -1;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            boolean first = true;
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (first && isHeader(record)) {
                    first = false;
                    columns = record.size();
                    continue;
                }
                first = false;
                if (columns < 0) {
                    columns = record.size();
                }
                if (record.size() != columns) {
                    throw new DataFormatException(file + " line " + line + ": " + record.size()
                            + " columns, but the rows before have " + columns);
                }
                if (columns < 2) {
                    throw new DataFormatException(file + " line " + line + ": a sample needs at least one feature "
                            + "column and the label column, found " + columns + " column");
                }
                double[] row = new double[columns - 1];
                for (int c = 0; c < columns - 1; c++) {
                    row[c] = finiteNumber(file, line, c, record.get(c));
                }
                labels.add(integerLabel(file, line, columns - 1, record.get(columns - 1)));
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file", e);
        } catch (UncheckedIOException | IOException e) {
            // commons-csv reports malformed quoting as an UncheckedIOException from the iterator
            throw new DataFormatException(file + ": cannot parse as CSV: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(file + ": no data rows");
        }
        int dim = columns - 1;
        double[] features = new double[rows.size() * dim];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * dim, dim);
        }
        return new CsvSamples(file.toString(), dim, features, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean isHeader(CSVRecord record) {
        for (String cell : record) {
            if (parses(cell)) {
                return false;
            }
        }
        return true;
    }

    private static boolean parses(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double finiteNumber(Path file, long line, int column, String cell) {
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + " line " + line + " column " + (column + 1) + ": '" + cell
                    + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new DataFormatException(file + " line " + line + " column " + (column + 1) + ": " + cell
                    + " is not allowed, every feature must be a finite number");
        }
        return value;
    }

    private static int integerLabel(Path file, long line, int column, String cell) {
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new DataFormatException(file + " line " + line + " column " + (column + 1) + ": label '" + cell
                    + "' is not an integer (the last column holds the class label)");
        }
        return (int) value;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public void copyFeatures(int i, double[] target, int offset) {
        System.arraycopy(features, i * dim, target, offset, dim);
    }
}
