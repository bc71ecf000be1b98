package org.ntklab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ntklab.cli.common.CommonOptions;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.common.VersionProvider;
import org.ntklab.cli.report.ReportRenderer;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.io.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ntklab report DIR}: redraws a run directory's figures and report from its files. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Redraws the figures and report of a run directory from its files.",
            "",
            "Reads run.json and the data files of the run (for a kernel run: the .npy and .csv files) and "
                    + "writes the figures and report.html again, for instance after a new version of ntklab "
                    + "changed how reports look, or after the figures were deleted. Nothing is recomputed and "
                    + "the data files are not touched.",
            ""},
        footerHeading = "%nExample:%n",
        footer = "  ntklab report runs/circle")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A run directory: the --out of an earlier command.")
    Path dir;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
        }
        Path runJson = dir.resolve(RunRecord.FILE_NAME);
        if (!Files.isRegularFile(runJson)) {
            throw new InvalidInputException(dir + " is not a run directory: it has no " + RunRecord.FILE_NAME);
        }
        RunRecord record = RunRecord.read(runJson);
        ReportRenderer renderer = ReportRenderers.forKind(record.kind());
        Path report = renderer.render(dir, record);
        spec.commandLine().getOut().println("report: " + report);
        return ExitCodes.OK;
    }
}
