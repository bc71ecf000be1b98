package org.ntklab.cli;

import java.util.concurrent.Callable;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.common.VersionProvider;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ntklab completion bash|zsh}: a shell completion script on stdout, from picocli's AutoComplete. */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Prints a completion script for bash or zsh: commands, options and their values.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(./ntklab completion bash)        # this shell (bash or zsh)",
            "  ./ntklab completion bash > ~/.local/share/bash-completion/completions/ntklab",
            "",
            "The script completes the command 'ntklab'; put the checkout's ntklab script",
            "on the PATH (or alias ntklab=/path/to/checkout/ntklab)."})
public final class CompletionCommand implements Callable<Integer> {
    /** The shells picocli's script supports (zsh through its bash completion emulation). */
    public enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        // the same script serves both: it loads zsh's bashcompinit itself when run by zsh
        String script = AutoComplete.bash(spec.root().name(), spec.root().commandLine());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
