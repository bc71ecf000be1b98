package org.ntklab.cli.common;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every subcommand takes ({@code @Mixin CommonOptions common;}). */
public final class CommonOptions {
    @Option(names = {"-q", "--quiet"},
            description = "Show no progress on stderr. The summary still goes to stdout.")
    boolean quiet;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "How to show progress on stderr: auto (through the ./ntklab launcher: a bar when "
                    + "stderr is a terminal, plain lines when it goes to a file), bar, plain (a line a minute and "
                    + "one per finished run, for log files) or off. Default: ${DEFAULT-VALUE}.")
    Progress.Mode progress;

    // read by Main's failure handler, from the parse result
    @Option(names = "--stacktrace", description = "When the command fails, print the Java stack trace.")
    boolean stacktrace;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** A progress display for {@code total} units of work, on this command's stderr. */
    public Progress progress(String label, long total) {
        return Progress.start(label, total, quiet ? Progress.Mode.OFF : progress, command.commandLine().getErr());
    }

    /** A progress display driven by a fraction in [0, 1] (e.g. log t / log tMax). */
    public Progress fractionProgress(String label) {
        return Progress.fraction(label, quiet ? Progress.Mode.OFF : progress, command.commandLine().getErr());
    }
}
