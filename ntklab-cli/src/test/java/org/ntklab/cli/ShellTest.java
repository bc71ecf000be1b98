package org.ntklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.common.ExitCodes;

/** What a shell user meets: sweep listed, completion scripts, man pages. */
class ShellTest {
    @TempDir
    Path tmp;

    @Test
    void sweepIsListedAndHasItsRealHelp() {
        Cli.Result top = Cli.run("--help");
        assertEquals(ExitCodes.OK, top.exitCode());
        assertTrue(top.out().contains("\n  sweep "), top.out());
        Cli.Result help = Cli.run("help", "sweep");
        assertEquals(ExitCodes.OK, help.exitCode(), help.err());
        assertTrue(help.out().startsWith("Usage: ntklab sweep ") && help.out().contains("--master=URL"), help.out());
        // run without Spark: one line saying where the real command is
        Cli.Result run = Cli.run("sweep", "sweeps/quick.yaml");
        assertEquals(ExitCodes.FAILURE, run.exitCode());
        assertTrue(run.errLines()[0].contains("./ntklab launcher"), run.err());
    }

    @Test
    void completionScriptsKnowTheCommandsAndOptions() {
        for (String shell : new String[] {"bash", "zsh"}) {
            Cli.Result r = Cli.run("completion", shell);
            assertEquals(ExitCodes.OK, r.exitCode(), r.err());
            assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
            for (String word : new String[] {"kernel train reproduce report sweep completion man", "--monte-carlo",
                "--t-max", "--master", "bashcompinit"}) {
                assertTrue(r.out().contains(word), shell + " script lacks " + word);
            }
        }
        assertEquals(ExitCodes.USAGE, Cli.run("completion", "fish").exitCode());
    }

    @Test
    void manPagesForEveryCommand() throws IOException {
        Cli.Result r = Cli.run("man", "--dir", tmp.toString(), "--no-troff");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        for (String page : new String[] {"ntklab", "ntklab-kernel", "ntklab-train", "ntklab-reproduce", "ntklab-sweep"}) {
            Path adoc = tmp.resolve(page + ".adoc");
            assertTrue(Files.isRegularFile(adoc), page);
            assertTrue(Files.readString(adoc).contains(":doctype: manpage"), page);
        }
    }
}
