package org.ntklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.io.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * A failed internal check (an IllegalArgumentException that is not the user's input) is a bug in
 * ntklab: exit 1 and a message that says so, never the user's fault (exit 2).
 */
class InternalErrorTest {

    /** Throws what its argument names, as code deep inside a command would. */
    @Command(name = "throw")
    static final class Thrower implements Callable<Integer> {
        @Parameters(index = "0")
        String kind;

        @Override
        public Integer call() {
            switch (kind) {
                case "shape" -> throw new IllegalArgumentException("matrix 3x4 does not match 5x4");
                case "input" -> throw new InvalidInputException("--width must be at least 1, got 0");
                case "number" -> throw new NumberFormatException("For input string: \"1e\"");
                default -> throw new IndexOutOfBoundsException("Index 7 out of bounds for length 7");
            }
        }
    }

    private static String[] run(String kind) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"throw", kind}, new PrintWriter(out, true), new PrintWriter(err, true),
                new Thrower());
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void internalChecksAreBugsWithExitCodeOne() {
        for (String kind : new String[] {"shape", "index"}) {
            String[] r = run(kind);
            assertEquals(Integer.toString(ExitCodes.FAILURE), r[0], r[1]);
            assertTrue(r[1].startsWith("ntklab throw: internal error (a bug in ntklab, not a problem with your input"),
                    r[1]);
            assertFalse(r[1].contains("--help"), "no usage hint for a bug: " + r[1]);
        }
    }

    @Test
    void theUsersInputIsBadUsageWithExitCodeTwo() {
        for (String kind : new String[] {"input", "number"}) {
            String[] r = run(kind);
            assertEquals(Integer.toString(ExitCodes.USAGE), r[0], r[1]);
            assertFalse(r[1].contains("internal error"), r[1]);
            assertTrue(r[1].contains("Try 'ntklab throw --help'"), r[1]);
        }
    }
}
