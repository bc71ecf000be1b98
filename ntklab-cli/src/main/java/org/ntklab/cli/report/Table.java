package org.ntklab.cli.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.ntklab.io.InvalidInputException;

/**
 * A small table of text cells, printed with aligned columns on the console ({@link #toText}) and as
 * an HTML table in reports ({@link HtmlReport#table}). Numbers added as {@link Number} are formatted
 * with {@link #number}; columns whose cells are all numbers (or "-") are right-aligned.
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        if (headers.length == 0) {
            throw new InvalidInputException("a table needs at least one column");
        }
        this.headers = List.of(headers);
    }

    /** Adds a row; cells are Strings, Numbers (formatted) or anything with a useful toString. */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new InvalidInputException("table row has " + cells.length + " cells for "
                    + headers.size() + " columns " + headers);
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell instanceof Double || cell instanceof Float ? number(((Number) cell).doubleValue())
                    : String.valueOf(cell));
        }
        rows.add(Collections.unmodifiableList(row));
        return this;
    }

    public List<String> headers() {
        return headers;
    }

    public List<List<String>> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** Whether column {@code c} holds only numbers (and "-" placeholders): such columns align right. */
    public boolean numeric(int c) {
        boolean any = false;
        for (List<String> row : rows) {
            String cell = row.get(c);
            if (cell.equals("-")) {
                continue;
            }
            try {
                Double.parseDouble(cell);
                any = true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return any;
    }

    /** The table with columns padded to a common width, two spaces apart, one line per row. */
    public String toText() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, headers, widths);
        for (List<String> row : rows) {
            appendLine(text, row, widths);
        }
        return text.toString();
    }

    private void appendLine(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? "" : "  ").append(numeric(c) ? pad + cell : cell + pad);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /** Four significant digits, in scientific notation when very small or large: 0.01234, 1.234e-07. */
    public static String number(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : Double.toString(value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e4) {
            String fixed = String.format(Locale.ROOT, "%.4g", value); // %g stays decimal in this range
            return fixed.contains(".") ? fixed.replaceAll("0+$", "").replaceAll("\\.$", "") : fixed;
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }
}
