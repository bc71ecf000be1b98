package org.ntklab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.common.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * {@code ntklab man}: man pages of every command. picocli-codegen writes them as AsciiDoc; Asciidoctor
 * (Debian's asciidoctor package), when on the PATH, turns them into troff pages for man.
 */
@Command(name = "man",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Writes man pages of ntklab and its commands: ntklab.adoc, ntklab-kernel.adoc, ... (AsciiDoc, "
                    + "from picocli-codegen), and ntklab.1, ntklab-kernel.1, ... when asciidoctor is installed.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./ntklab man --dir target/man && man -l target/man/ntklab-train.1",
            "  ./ntklab man --dir ~/.local/share/man/man1    # then: man ntklab-kernel",
            "                                               # (when ~/.local/bin is on the PATH)"})
public final class ManCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "man",
            description = "Where to write the pages (created if missing). Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--no-troff", description = "Write only the AsciiDoc pages, even when asciidoctor is there.")
    boolean noTroff;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int code = ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[0], true, spec.root());
        if (code != 0) {
            throw new IllegalStateException("picocli's man page generator failed (exit code " + code + ")");
        }
        List<String> pages = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".adoc")).sorted()
                    .forEach(f -> pages.add(f.toString()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!noTroff && asciidoctorOnPath()) {
            List<String> command = new ArrayList<>(List.of("asciidoctor", "-b", "manpage", "-D", dir.toString()));
            command.addAll(pages);
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("asciidoctor failed to convert the pages in " + dir);
            }
            out.println(pages.size() + " man pages in " + dir.toAbsolutePath().normalize()
                    + " (.1 for man, .adoc the sources); try: man -l " + dir.resolve("ntklab.1"));
        } else {
            out.println(pages.size() + " man pages (AsciiDoc) in " + dir.toAbsolutePath().normalize()
                    + (noTroff ? "" : "; install asciidoctor (Debian: apt-get install asciidoctor) to get troff pages for man"));
        }
        return ExitCodes.OK;
    }

    private static boolean asciidoctorOnPath() {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "asciidoctor")));
    }
}
