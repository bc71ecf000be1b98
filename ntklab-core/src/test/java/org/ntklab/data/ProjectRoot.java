package org.ntklab.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root (where scripts/fetch-mnist.sh is), whether tests run from it or from the module. */
final class ProjectRoot {
    private ProjectRoot() {
    }

    static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/fetch-mnist.sh"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
