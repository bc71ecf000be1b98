package org.ntklab.cli.run;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.ntklab.io.AtomicFiles;
import org.ntklab.io.FileFormatException;
import org.ntklab.io.InvalidInputException;

/**
 * Small CSV tables with a header line and columns of mixed types (integers stay integers), written
 * atomically and read back by column name. Doubles are written with {@link Double#toString}, which
 * reads back to the same double. For plain matrices see {@link org.ntklab.io.CsvMatrix}.
 */
public final class CsvFile {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private final Path file;
    private final List<String> header;
    private final List<CSVRecord> records;

    private CsvFile(Path file, List<String> header, List<CSVRecord> records) {
        this.file = file;
        this.header = header;
        this.records = records;
    }

    /** Writes a header line and one line per row; every row needs one cell per column. */
    public static void write(Path file, List<String> header, List<List<?>> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != header.size()) {
                throw new InvalidInputException("CSV " + file + ": row " + i + " has " + rows.get(i).size()
                        + " cells for " + header.size() + " columns");
            }
        }
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(writer, FORMAT);
            printer.printRecord(header);
            for (List<?> row : rows) {
                printer.printRecord(row);
            }
            printer.flush();
        });
    }

    public static CsvFile read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            return new CsvFile(file, parser.getHeaderNames(), parser.getRecords());
        } catch (NoSuchFileException e) {
            throw new FileFormatException(file + ": no such file", e);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new FileFormatException(file + ": cannot read as CSV: " + e.getMessage(), e);
        }
    }

    public int rows() {
        return records.size();
    }

    /** A whole column as doubles; a missing column or a cell that is not a number names file and line. */
    public double[] column(String name) {
        return numbers(name, false);
    }

    /** A whole column as doubles, an empty cell (a value not measured) as NaN. */
    public double[] columnOrNaN(String name) {
        return numbers(name, true);
    }

    private double[] numbers(String name, boolean emptyIsNaN) {
        if (!header.contains(name)) {
            throw new FileFormatException(file + ": no column '" + name + "' (the columns are " + header + ")");
        }
        double[] values = new double[records.size()];
        for (int i = 0; i < values.length; i++) {
            CSVRecord record = records.get(i);
            String cell = record.isMapped(name) && record.isSet(name) ? record.get(name) : "";
            if (emptyIsNaN) {
                cell = cell.strip();
                if (cell.isEmpty()) {
                    values[i] = Double.NaN;
                    continue;
                }
            }
            try {
                values[i] = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new FileFormatException(file + " line " + (record.getRecordNumber() + 1) + ", column '" + name
                        + "': '" + cell + "' is not a number");
            }
        }
        return values;
    }

    /** A whole column as text. */
    public List<String> text(String name) {
        if (!header.contains(name)) {
            throw new FileFormatException(file + ": no column '" + name + "' (the columns are " + header + ")");
        }
        List<String> values = new ArrayList<>();
        for (CSVRecord record : records) {
            values.add(record.isMapped(name) && record.isSet(name) ? record.get(name) : "");
        }
        return values;
    }

    public boolean hasColumn(String name) {
        return header.contains(name);
    }

    public Path file() {
        return file;
    }

    public List<String> header() {
        return new ArrayList<>(header);
    }
}
