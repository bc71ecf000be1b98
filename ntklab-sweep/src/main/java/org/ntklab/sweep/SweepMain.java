package org.ntklab.sweep;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import org.ntklab.cli.Main;

/**
 * The ntklab command with {@code sweep} added: what the {@code ./ntklab} launcher runs for
 * {@code ntklab sweep ...}, with this module's class path (Spark's jars), so that the plain CLI
 * does not carry Spark.
 */
public final class SweepMain {
    private SweepMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true, Charset.defaultCharset()),
                new PrintWriter(System.err, true, Charset.defaultCharset())));
    }

    /** Runs the command line and returns its exit code, without exiting (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return Main.run(args, out, err, new SweepCommand());
    }
}
