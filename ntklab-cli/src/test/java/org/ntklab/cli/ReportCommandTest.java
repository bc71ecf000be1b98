package org.ntklab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.report.HtmlReportTest;

class ReportCommandTest {
    @TempDir
    Path tmp;
    Path run;

    @BeforeEach
    void kernelRun() {
        run = tmp.resolve("run");
        Cli.Result result = Cli.run("kernel", "--arch", "resnet", "--depth", "2", "--width", "32",
                "--data", "sphere:d=4,n=10", "--seed", "5", "--out", run.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    }

    @Test
    void kernelReportIsSelfContainedAndEmbedsItsFigures() throws IOException {
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(HtmlReportTest.selfContained(html), "no references to external resources");
        assertEquals(2, html.split("src=\"data:image/png;base64,", -1).length - 1, "both figures embedded");
        assertTrue(html.contains("<h2>Claims</h2>"));
        assertTrue(html.contains("held"));
        assertTrue(html.contains("ntklab kernel --arch resnet"), "the command line that made the run");
    }

    @Test
    void redrawsFiguresAndReportFromTheFiles() throws IOException {
        byte[] png = Files.readAllBytes(run.resolve("spectrum.png"));
        for (String file : new String[] {"report.html", "spectrum.png", "spectrum.svg", "entries.png", "entries.svg"}) {
            Files.delete(run.resolve(file));
        }
        Cli.Result result = Cli.run("report", run.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertEquals("report: " + run.resolve("report.html"), result.out().strip());
        assertArrayEquals(png, Files.readAllBytes(run.resolve("spectrum.png")), "the same figure again");
        assertTrue(Files.readString(run.resolve("report.html")).contains("data:image/png;base64,"));
        assertTrue(Files.exists(run.resolve("entries.svg")));
    }

    @Test
    void missingDataFileIsBadInput() throws IOException {
        Files.delete(run.resolve("ntk_empirical.npy"));
        Cli.Result result = Cli.run("report", run.toString());
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.errLines()[0].contains("ntk_empirical.npy: no such file"), result.err());
    }

    @Test
    void aFailureWhileWritingIsExitCodeOne() throws IOException {
        Files.delete(run.resolve("spectrum.png"));
        Files.createDirectories(run.resolve("spectrum.png/in-the-way"));
        Cli.Result result = Cli.run("report", run.toString());
        assertEquals(ExitCodes.FAILURE, result.exitCode());
        assertTrue(result.errLines()[0].startsWith("ntklab report: failed: cannot write "), result.err());
        assertEquals(1, result.errLines().length, "a write failure is one line saying what, where and why: "
                + result.err());

        Cli.Result traced = Cli.run("report", run.toString(), "--stacktrace");
        assertEquals(ExitCodes.FAILURE, traced.exitCode());
        assertTrue(traced.err().contains("\tat org.ntklab."), "the stack trace: " + traced.err());
    }

    @Test
    void unknownKindIsBadInput() throws IOException {
        Path json = run.resolve("run.json");
        Files.writeString(json, Files.readString(json).replace("\"kind\": \"kernel\"", "\"kind\": \"sweep\""));
        Cli.Result result = Cli.run("report", run.toString());
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.errLines()[0].contains("no report for runs of kind 'sweep'"), result.err());
    }
}
