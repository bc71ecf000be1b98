package org.ntklab.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.common.VersionProvider;
import org.ntklab.cli.kernel.KernelCommand;
import org.ntklab.cli.reproduce.ReproduceCommand;
import org.ntklab.cli.train.TrainCommand;
import org.ntklab.data.DataFormatException;
import org.ntklab.io.FileFormatException;
import org.ntklab.io.InvalidInputException;
import org.ntklab.io.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * The {@code ntklab} command. Subcommands are listed in the {@link Command} annotation below; each is
 * one class. Exit codes: {@link ExitCodes}.
 */
@Command(name = "ntklab",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = {
            "Neural tangent kernels of finite and infinite ReLU networks.",
            "Every command that computes something writes a new run directory holding the data, "
                    + "run.json (configuration and provenance), figures and report.html."},
        // sweep is a stand-in here (SweepOptions): the launcher runs ntklab-sweep's SweepMain for it
        subcommands = {KernelCommand.class, TrainCommand.class, ReproduceCommand.class, ReportCommand.class,
            SweepOptions.class, CompletionCommand.class, ManCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  the command failed while running (the message says why), or an internal",
            "     error: a bug in ntklab, reported as such",
            "  2  bad usage or bad input: an unknown command or option, an invalid value,",
            "     unreadable data or spec; nothing was written",
            "",
            "Run 'ntklab COMMAND --help' or 'ntklab help COMMAND' for the options of a command.",
            "Output goes to a new run directory, runs/COMMAND-DATE-TIME under the current",
            "directory unless --out DIR is given."})
public final class Main implements Runnable {
    static {
        // figures are drawn off-screen; a missing display must not matter
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // PNGs are encoded in memory: ImageIO's cache files in the temporary directory fail on a full
        // disk and then make its StreamCloser shutdown hook print a NullPointerException
        javax.imageio.ImageIO.setUseCache(false);
    }

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        System.exit(run(args, out, err));
    }

    /** Runs the command line and returns its exit code, without exiting: the entry point for tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, new Object[0]);
    }

    /**
     * As {@link #run(String[], PrintWriter, PrintWriter)} with more subcommands (picocli command
     * objects): modules that the plain CLI must not depend on (ntklab-sweep and its Spark) add
     * theirs here and get the same option parsing, exit codes and error messages.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Object... moreCommands) {
        CommandLine commandLine = new CommandLine(new Main());
        for (Object command : moreCommands) {
            replaceOrAdd(commandLine, new CommandLine(command));
        }
        commandLine
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                // the last of a repeated option wins, so scripts can append overrides to a base command
                .setOverwrittenOptionsAllowed(true)
                .setParameterExceptionHandler(Main::badUsage)
                .setExecutionExceptionHandler(Main::failed);
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // an Error, so picocli lets it through; by now the run directory has been cleaned up
            err.println("ntklab: out of memory with a heap limit of " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB; give Java more (NTKLAB_JAVA_OPTS=-Xmx32g ./ntklab ...) or make the problem smaller");
            return ExitCodes.FAILURE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The real command replaces its stand-in (sweep) in the same place of the list, or comes last. */
    private static void replaceOrAdd(CommandLine parent, CommandLine sub) {
        String name = sub.getCommandName();
        if (!parent.getSubcommands().containsKey(name)) {
            parent.addSubcommand(name, sub);
            return;
        }
        Map<String, CommandLine> following = new LinkedHashMap<>();
        boolean after = false;
        for (Map.Entry<String, CommandLine> e : new LinkedHashMap<>(parent.getSubcommands()).entrySet()) {
            if (after) {
                following.put(e.getKey(), e.getValue());
                parent.getCommandSpec().removeSubcommand(e.getKey());
            }
            after |= e.getKey().equals(name);
        }
        parent.getCommandSpec().removeSubcommand(name);
        parent.addSubcommand(name, sub);
        following.forEach(parent::addSubcommand);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "no command given; the commands are " + String.join(", ", commandNames()));
    }

    private Iterable<String> commandNames() {
        return spec.subcommands().keySet().stream().filter(name -> !name.equals("help")).toList();
    }

    /** Unknown commands and options, malformed values: one line saying what, then where to look. */
    private static int badUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + messageOf(e));
        UnmatchedArgumentException.printSuggestions(e, err);
        printHelpHint(command, err);
        return ExitCodes.USAGE;
    }

    private static int failed(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (isBadInput(e)) {
            err.println(name + ": " + messageOf(e));
            printHelpHint(command, err);
            return ExitCodes.USAGE;
        }
        if (isInternalError(e)) {
            // an internal check failed: the user's input was accepted, so the fault is ours
            err.println(name + ": internal error (a bug in ntklab, not a problem with your input; please report it "
                    + "with the output of --stacktrace): " + messageOf(e));
        } else {
            err.println(name + ": failed: " + messageOf(e));
        }
        if (stackTraceWanted(parseResult)) {
            e.printStackTrace(err);
        } else if (!isWriteFailure(e)) {
            // a failed write (a full disk) is said completely by its one line: what, where and why
            err.println("(run again with --stacktrace for the details)");
        }
        return ExitCodes.FAILURE;
    }

    /**
     * Input the user can fix: validation ({@link InvalidInputException}, including data spec errors),
     * numbers that do not parse, impossible paths, and files that are not what they claim to be.
     */
    static boolean isBadInput(Throwable e) {
        return e instanceof InvalidInputException
                || e instanceof NumberFormatException
                || e instanceof java.nio.file.InvalidPathException
                || e instanceof DataFormatException
                || e instanceof FileFormatException;
    }

    /**
     * A failed internal check: any IllegalArgumentException that is not the user's input (a shape
     * that does not match), an index out of bounds, a null where none may be.
     */
    static boolean isInternalError(Throwable e) {
        return e instanceof IllegalArgumentException
                || e instanceof IndexOutOfBoundsException
                || e instanceof NullPointerException
                || e instanceof ClassCastException;
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        // user-given text (a spec, a path) may hold terminal escapes: shown escaped, never acted on
        return Printable.escapeKeepingLines(message == null || message.isBlank() ? e.toString() : message);
    }

    static boolean isWriteFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private static void printHelpHint(CommandLine command, PrintWriter err) {
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    }

    private static boolean stackTraceWanted(ParseResult parseResult) {
        ParseResult deepest = parseResult;
        while (deepest.hasSubcommand()) {
            deepest = deepest.subcommand();
        }
        return deepest.hasMatchedOption("--stacktrace");
    }
}
