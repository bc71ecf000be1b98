package org.ntklab.cli;

import java.util.List;
import org.ntklab.cli.kernel.KernelReport;
import org.ntklab.cli.report.ReportRenderer;
import org.ntklab.cli.reproduce.ReproduceReport;
import org.ntklab.cli.train.TrainReport;
import org.ntklab.io.InvalidInputException;

/** The report renderer of every run kind; a new kind adds its renderer to {@link #ALL}. */
public final class ReportRenderers {
    private static final List<ReportRenderer> ALL = List.of(new KernelReport(), new TrainReport(), new ReproduceReport());

    private ReportRenderers() {
    }

    /** The renderer for a run kind; an unknown kind is bad input (exit code 2). */
    public static ReportRenderer forKind(String kind) {
        return ALL.stream().filter(r -> r.kind().equals(kind)).findFirst().orElseThrow(() ->
                new InvalidInputException("no report for runs of kind '" + kind + "'; this version knows "
                        + String.join(", ", ALL.stream().map(ReportRenderer::kind).toList())));
    }
}
