package org.ntklab.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where this binary comes from: the project version (from the build) and the git commit of the
 * checkout it was built in. The checkout is the {@code ntklab.home} system property (the launcher
 * sets it), else the nearest directory holding {@code .git} above the classes. Without git or a
 * checkout the commit is "unknown"; nothing here ever fails a run.
 */
public final class Provenance {
    public static final String UNKNOWN = "unknown";
    private static final long GIT_TIMEOUT_SECONDS = 5;

    private Provenance() {
    }

    public static String version() {
        return Lazy.VERSION;
    }

    /** The full hash of HEAD, or "unknown". */
    public static String gitCommit() {
        return Lazy.COMMIT;
    }

    /** Whether tracked or unignored files differ from HEAD; null when git could not tell. */
    public static Boolean gitDirty() {
        return Lazy.DIRTY;
    }

    /** Computed once, on first use: git takes a few milliseconds per call. */
    private static final class Lazy {
        static final String VERSION = readVersion();
        static final Optional<Path> HOME = findHome();
        static final String COMMIT = HOME.flatMap(home -> git(home, "rev-parse", "HEAD"))
                .map(String::strip).filter(s -> s.matches("[0-9a-f]{40,64}")).orElse(UNKNOWN);
        static final Boolean DIRTY = COMMIT.equals(UNKNOWN) ? null
                : HOME.flatMap(home -> git(home, "status", "--porcelain")).map(s -> !s.isBlank()).orElse(null);
    }

    private static String readVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/org/ntklab/cli/version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version resource", e);
        }
    }

    private static Optional<Path> findHome() {
        String configured = System.getProperty("ntklab.home");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        try {
            Path classes = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = classes.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.exists(dir.resolve(".git"))) {
                    return Optional.of(dir);
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source location (unusual class loaders): then there is no checkout to ask
        }
        return Optional.empty();
    }

    /** The standard output of a git command in {@code home}, or empty if git is missing or fails. */
    private static Optional<String> git(Path home, String... arguments) {
        String[] command = new String[arguments.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = home.toString();
        System.arraycopy(arguments, 0, command, 3, arguments.length);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(new String(output, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
