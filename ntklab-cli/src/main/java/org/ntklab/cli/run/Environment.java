package org.ntklab.cli.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ntklab.linalg.Blas;

/**
 * The machine a run ran on, for run.json: enough to tell why two runs of the same configuration
 * took different times (the numbers themselves do not depend on it).
 *
 * @param java            runtime version and vendor
 * @param os              name, version and architecture
 * @param cores           processors available to the JVM
 * @param maxHeapBytes    the JVM's heap limit (-Xmx)
 * @param blas            whether matrix products ran in native OpenBLAS or the pure Java fallback
 */
public record Environment(String java, String os, int cores, long maxHeapBytes, String hostname, String blas) {

    public static Environment current() {
        return new Environment(
                Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory(),
                localHostname(),
                Blas.isNative() ? "OpenBLAS (native)" : "pure Java");
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Provenance.UNKNOWN;
        }
    }
}
