package org.ntklab.cli.report;

import java.nio.file.Path;
import org.ntklab.cli.run.RunRecord;

/**
 * Draws the figures and writes {@code report.html} of one kind of run directory, from the files in
 * it and its run record alone, so that {@code ntklab report DIR} can redo it at any time. One
 * implementation per run kind, registered in {@link org.ntklab.cli.ReportRenderers}.
 */
public interface ReportRenderer {
    String REPORT_FILE = "report.html";

    /** The run kind handled, as recorded in run.json ("kernel", ...). */
    String kind();

    /** Renders into {@code dir} (files are replaced atomically) and returns the report's path. */
    Path render(Path dir, RunRecord record);
}
