package org.ntklab.activation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.ntklab.io.InvalidInputException;

/**
 * The registry of activations, by name: every public, concrete class of this package that implements
 * {@link Activation} and has a public no-argument constructor (its default instance). The classes are
 * found on the class path (a directory or a jar), so adding an activation is adding its class; the
 * command line reads {@link #names()} and {@link #parse}.
 *
 * <p>A spec is a name, optionally with a parameter after a colon: {@code relu}, {@code gelu},
 * {@code leaky-relu:0.1}.
 */
public final class Activations {
    /** The activation of the paper's networks, and the default everywhere. */
    public static final String DEFAULT = "relu";

    private static volatile Map<String, Activation> registry;

    private Activations() {
    }

    /** The activation a spec names; an unknown name or a bad parameter is an IllegalArgumentException naming them. */
    public static Activation parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException("no activation given; expected one of " + String.join(", ", names()));
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        Activation base = all().get(name);
        if (base == null) {
            throw new InvalidInputException("unknown activation '" + spec.trim() + "'; expected one of "
                    + String.join(", ", names()));
        }
        return colon < 0 ? base : base.withParameter(s.substring(colon + 1));
    }

    /** The canonical spec of {@code spec} ("leaky-relu" gives "leaky-relu:0.01"); null means the default. */
    public static String canonical(String spec) {
        return parse(spec == null ? DEFAULT : spec).spec();
    }

    /** The names, sorted, with ":PARAM" after those that take a parameter (for messages and help). */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Activation a : all().values()) {
            out.add(a.parameterLabel() == null ? a.name() : a.name() + "[:" + a.parameterLabel() + "]");
        }
        return out;
    }

    /** The default instance of every activation, by name, sorted. */
    public static Map<String, Activation> all() {
        Map<String, Activation> r = registry;
        if (r == null) {
            synchronized (Activations.class) {
                r = registry;
                if (r == null) {
                    r = Collections.unmodifiableMap(discover());
                    registry = r;
                }
            }
        }
        return r;
    }

    private static Map<String, Activation> discover() {
        String pkg = Activations.class.getPackageName();
        List<String> classNames = new ArrayList<>();
        try {
            Enumeration<URL> roots = Activations.class.getClassLoader().getResources(pkg.replace('.', '/'));
            while (roots.hasMoreElements()) {
                classNames.addAll(classesAt(roots.nextElement(), pkg));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the activations of " + pkg, e);
        }
        Map<String, Activation> found = new TreeMap<>();
        for (String className : classNames) {
            Activation a = instantiate(className);
            if (a == null) {
                continue;
            }
            Activation clash = found.put(a.name(), a);
            if (clash != null && clash.getClass() != a.getClass()) {
                throw new IllegalStateException("two activations are named '" + a.name() + "': "
                        + clash.getClass().getName() + " and " + a.getClass().getName());
            }
        }
        if (!found.containsKey(DEFAULT)) {
            throw new IllegalStateException("no activations found in " + pkg + " (class path scan)");
        }
        return found;
    }

    private static List<String> classesAt(URL url, String pkg) throws IOException {
        List<String> names = new ArrayList<>();
        String prefix = pkg.replace('.', '/') + "/";
        if ("file".equals(url.getProtocol())) {
            Path dir;
            try {
                dir = Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("bad class path entry " + url, e);
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(f -> f.endsWith(".class") && !f.contains("$"))
                        .forEach(f -> names.add(pkg + "." + f.substring(0, f.length() - ".class".length())));
            }
        } else if ("jar".equals(url.getProtocol())) {
            String spec = url.getPath(); // file:/path/x.jar!/org/ntklab/activation
            String jarPath = spec.substring(0, spec.indexOf("!/"));
            try (JarFile jar = new JarFile(Path.of(java.net.URI.create(jarPath)).toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.startsWith(prefix) && n.endsWith(".class") && !n.contains("$")
                            && n.indexOf('/', prefix.length()) < 0) {
                        names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        return names;
    }

    private static Activation instantiate(String className) {
        Class<?> c;
        try {
            c = Class.forName(className, true, Activations.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        if (!Activation.class.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())
                || !Modifier.isPublic(c.getModifiers())) {
            return null;
        }
        try {
            Constructor<?> k = c.getConstructor();
            return (Activation) k.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("activation " + className + " needs a public no-argument constructor");
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot create activation " + className + ": " + e, e);
        }
    }
}
