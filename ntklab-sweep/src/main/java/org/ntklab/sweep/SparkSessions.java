package org.ntklab.sweep;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The Spark session of a sweep: local mode by default, or a standalone cluster's master. */
final class SparkSessions {
    /**
     * What Spark needs from the JVM on Java 17 (its launcher's JavaModuleOptions). The ./ntklab
     * launcher, the module's surefire argLine and scripts/spark-standalone.sh pass the same list.
     */
    static final List<String> JAVA_MODULE_OPTIONS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandles=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private SparkSessions() {
    }

    /**
     * Starts the session. The defaults below give way to settings made by spark-submit (which
     * passes them as spark.* system properties) and to --conf.
     */
    static SparkSession start(String master, Map<String, String> conf) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.app.name", "ntklab sweep");
        settings.put("spark.ui.enabled", "false");
        settings.put("spark.ui.showConsoleProgress", "false");
        // several cells train at once in one executor: OpenBLAS must not start threads of its own
        settings.put("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        if (master.startsWith("local") || loopback(master)) {
            // everything on this machine: stay on the loopback interface
            settings.put("spark.driver.host", "127.0.0.1");
            settings.put("spark.driver.bindAddress", "127.0.0.1");
        }
        if (master.startsWith("spark://")) {
            // executors run ntklab's code from the driver's class path: the same machine, or the same
            // paths on every worker (a shared checkout)
            settings.put("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            settings.put("spark.executor.extraJavaOptions",
                    String.join(" ", JAVA_MODULE_OPTIONS) + " -Djava.awt.headless=true");
        }
        settings.keySet().removeIf(key -> System.getProperty(key) != null);
        settings.putAll(conf);
        SparkSession.Builder builder = SparkSession.builder().master(master);
        settings.forEach(builder::config);
        return builder.getOrCreate();
    }

    private static boolean loopback(String master) {
        try {
            String host = URI.create(master).getHost();
            return host != null && (host.equals("localhost") || host.startsWith("127."));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
