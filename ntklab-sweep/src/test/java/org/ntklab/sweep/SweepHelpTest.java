package org.ntklab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.ntklab.cli.Main;
import org.ntklab.cli.common.ExitCodes;

/** The plain CLI's sweep stand-in shows the real command's help, and here the real command replaces it. */
class SweepHelpTest {
    private static String plainCli(String... args) {
        StringWriter out = new StringWriter();
        assertEquals(ExitCodes.OK, Main.run(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
        return out.toString();
    }

    @Test
    void sameHelpWithAndWithoutSpark() {
        String real = Sweeps.run("sweep", "--help").out();
        assertTrue(real.startsWith("Usage: ntklab sweep "), real);
        assertEquals(real, Sweeps.run("help", "sweep").out());
        assertEquals(real, plainCli("help", "sweep"));
        assertEquals(plainCli("--help"), Sweeps.run("--help").out(), "the same command list");
    }

    @Test
    void theRealCommandRunsHere() {
        // a dry run of a missing spec reaches SweepCommand (bad input), not the stand-in (failure)
        Sweeps.Result r = Sweeps.run("sweep", "no-such-spec.yaml", "--dry-run");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
    }
}
