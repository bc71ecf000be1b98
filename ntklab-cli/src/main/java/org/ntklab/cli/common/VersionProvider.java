package org.ntklab.cli.common;

import org.ntklab.cli.run.Provenance;
import picocli.CommandLine.IVersionProvider;

/** {@code ntklab --version}: the project version, the git commit of the checkout and the Java runtime. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "ntklab " + Provenance.version() + " (git " + Provenance.gitCommit() + ")",
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
