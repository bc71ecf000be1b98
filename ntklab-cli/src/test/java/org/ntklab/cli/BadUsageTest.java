package org.ntklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.common.ExitCodes;

/** Every kind of bad usage: exit code 2, one line saying what is wrong, the help hint, no output left. */
class BadUsageTest {
    @TempDir
    Path tmp;

    private Cli.Result kernel(Path out, String... overrides) {
        List<String> args = new java.util.ArrayList<>(List.of("kernel", "--arch", "fcn", "--depth", "2",
                "--width", "16", "--data", "circle:n=6", "--seed", "1", "--out", out.toString()));
        args.addAll(List.of(overrides));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Exit 2, a one-line reason containing {@code reason}, then the help hint, and nothing in tmp. */
    private void assertBadUsage(Cli.Result result, String reason, String command) throws IOException {
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        String[] lines = result.errLines();
        assertTrue(lines.length >= 2, result.err());
        assertTrue(lines[0].startsWith(command + ": "), lines[0]);
        assertTrue(lines[0].contains(reason), "'" + lines[0] + "' should say " + reason);
        assertEquals("Try '" + command + " --help' for more information.", lines[lines.length - 1]);
        assertEquals("", result.out());
        assertNothingWritten();
    }

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            List<String> left = files.filter(p -> !p.equals(tmp) && !p.getFileName().toString().startsWith("keep"))
                    .map(Path::toString).toList();
            assertEquals(List.of(), left, "nothing may be left behind");
        }
    }

    @Test
    void unknownCommand() throws IOException {
        Cli.Result result = Cli.run("kernal", "--width", "3");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.errLines()[0].startsWith("ntklab: Unmatched arguments"), result.err());
        assertTrue(result.err().contains("kernel"), "suggests the near miss: " + result.err());
        assertEquals("Try 'ntklab --help' for more information.", result.errLines()[result.errLines().length - 1]);
    }

    @Test
    void noCommand() {
        Cli.Result result = Cli.run();
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.errLines()[0].contains("no command given"), result.err());
    }

    @Test
    void unknownOption() throws IOException {
        assertBadUsage(kernel(tmp.resolve("out"), "--widht", "3"), "Unknown options: '--widht'", "ntklab kernel");
    }

    @Test
    void negativeWidth() throws IOException {
        assertBadUsage(kernel(tmp.resolve("out"), "--width", "-5"), "--width must be at least 1, got -5", "ntklab kernel");
    }

    @Test
    void notANumber() throws IOException {
        assertBadUsage(kernel(tmp.resolve("out"), "--depth", "three"), "--depth", "ntklab kernel");
    }

    @Test
    void unknownArchitecture() throws IOException {
        assertBadUsage(kernel(tmp.resolve("out"), "--arch", "cnn"), "--arch must be fcn or resnet", "ntklab kernel");
    }

    @Test
    void missingOptions() throws IOException {
        Cli.Result result = Cli.run("kernel", "--arch", "fcn", "--data", "circle:n=6", "--out", tmp.resolve("o").toString());
        assertBadUsage(result, "missing --depth, --width, --seed", "ntklab kernel");
    }

    @Test
    void missingDataFile() throws IOException {
        assertBadUsage(kernel(tmp.resolve("out"), "--data", "csv:/nonexistent.csv"), "/nonexistent.csv: no such file",
                "ntklab kernel");
    }

    @Test
    void malformedDataSpec() throws IOException {
        Cli.Result result = kernel(tmp.resolve("out"), "--data", "circle:n=6,colour=red");
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.errLines()[0].contains("colour"), result.err());
        assertNothingWritten();
    }

    @Test
    void outputBelowARegularFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("keep.txt"), "a file, not a directory");
        assertBadUsage(kernel(file.resolve("run")), "is a file, not a directory", "ntklab kernel");
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void outputInAReadOnlyDirectory() throws IOException {
        Path readOnly = Files.createDirectory(tmp.resolve("keep-read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(readOnly), "running as root: permissions do not stop writes");
            Cli.Result result = kernel(readOnly.resolve("sub/run"));
            assertBadUsage(result, "is not writable", "ntklab kernel");
            assertFalse(Files.exists(readOnly.resolve("sub")));
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void outputWhereTheSystemRefusesDirectories() {
        // sysfs takes no new directories, not even from root, for whom permission bits do not count
        Path sys = Path.of("/sys");
        assumeTrue(Files.isDirectory(sys), "no /sys on this system");
        Path out = sys.resolve("ntklab-test-run");
        Cli.Result result = kernel(out);
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        assertTrue(result.errLines()[0].startsWith("ntklab kernel: cannot create output directory /sys/ntklab-test-run"),
                result.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void outputDirectoryNotEmpty() throws IOException {
        Path existing = Files.createDirectory(tmp.resolve("keep-run"));
        Files.writeString(existing.resolve("keep-me.txt"), "earlier results");
        Cli.Result result = kernel(existing);
        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(result.errLines()[0].contains("already exists and is not empty"), result.err());
        try (Stream<Path> files = Files.list(existing)) {
            assertEquals(1, files.count(), "the earlier run is untouched");
        }
    }

    @Test
    void unknownKeyInSpec() throws IOException {
        Path spec = Files.writeString(tmp.resolve("keep-spec.yaml"), "arch: fcn\nwidht: 10\n");
        assertBadUsage(Cli.run("kernel", "--spec", spec.toString(), "--out", tmp.resolve("o").toString()),
                "unknown option 'widht'", "ntklab kernel");
    }

    @Test
    void wrongTypeInSpec() throws IOException {
        Path spec = Files.writeString(tmp.resolve("keep-spec.json"),
                "{\"arch\": \"fcn\", \"depth\": 2.5, \"width\": 8, \"data\": \"circle:n=6\", \"seed\": 1}");
        assertBadUsage(Cli.run("kernel", "--spec", spec.toString(), "--out", tmp.resolve("o").toString()),
                "'depth' must be an integer, found 2.5", "ntklab kernel");
    }

    @Test
    void specOfAnotherKind() throws IOException {
        Path spec = Files.writeString(tmp.resolve("keep-spec.json"), "{\"kind\": \"train\", \"config\": {}}");
        assertBadUsage(Cli.run("kernel", "--spec", spec.toString(), "--out", tmp.resolve("o").toString()),
                "is for 'ntklab train', not 'ntklab kernel'", "ntklab kernel");
    }

    @Test
    void missingSpec() throws IOException {
        assertBadUsage(Cli.run("kernel", "--spec", tmp.resolve("nothing.yaml").toString()), "no such file",
                "ntklab kernel");
    }

    @Test
    void reportOfADirectoryThatIsNoRun() throws IOException {
        Files.createDirectory(tmp.resolve("keep-empty"));
        assertBadUsage(Cli.run("report", tmp.resolve("keep-empty").toString()), "is not a run directory",
                "ntklab report");
    }

    @Test
    void helpAndVersionSucceed() {
        Cli.Result help = Cli.run("kernel", "--help");
        assertEquals(ExitCodes.OK, help.exitCode());
        assertTrue(help.out().contains("--width"), help.out());
        Cli.Result version = Cli.run("--version");
        assertEquals(ExitCodes.OK, version.exitCode());
        assertTrue(version.out().startsWith("ntklab "), version.out());
    }
}
