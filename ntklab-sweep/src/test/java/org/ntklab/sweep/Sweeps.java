package org.ntklab.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ntklab.cli.run.CsvFile;

/** Running ntklab sweep in-process, and the small grids the tests use. */
final class Sweeps {
    private Sweeps() {
    }

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SweepMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Eight tiny cells: width 8 and 16, ce and mse, seeds 1 and 2, on the six circle points, by
     * gradient descent (lr 0.1: ten steps per unit of flow time, a hundred per cell, against about a
     * thousand for the adaptive flow integrator to t = 10 at these widths).
     */
    static Path eightCells(Path dir, String output, double tMax, String extra) {
        return write(dir.resolve("sweep.yaml"), """
                output: %s
                base:
                  arch: fcn
                  depth: 1
                  data: "circle:n=6"
                  t-max: %s
                  integrator: gd
                  lr: 0.1
                  observations-per-decade: 4
                product:
                  width: [8, 16]
                  loss: [ce, mse]
                  seed: [1, 2]
                metrics:
                  d-inf-at: [1, 10]
                  final: [loss, accuracy, max_abs_f]
                cell-reports: false
                """.formatted(output, tMax) + extra);
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** aggregate.csv as text rows without the named columns (wall time differs run to run). */
    static List<String> tableWithout(Path csvFile, List<String> dropped) {
        CsvFile csv = CsvFile.read(csvFile);
        List<String> kept = csv.header().stream().filter(h -> !dropped.contains(h)).toList();
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", kept));
        for (int i = 0; i < csv.rows(); i++) {
            List<String> cells = new ArrayList<>();
            for (String h : kept) {
                cells.add(csv.text(h).get(i));
            }
            lines.add(String.join(",", cells));
        }
        return lines;
    }
}
