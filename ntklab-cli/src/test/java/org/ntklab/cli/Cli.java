package org.ntklab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the ntklab command in-process and captures what it prints. */
public final class Cli {
    private Cli() {
    }

    public record Result(int exitCode, String out, String err) {
        /** The standard error lines, for checking the shape of error messages. */
        public String[] errLines() {
            return err.strip().isEmpty() ? new String[0] : err.strip().split("\n");
        }
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
