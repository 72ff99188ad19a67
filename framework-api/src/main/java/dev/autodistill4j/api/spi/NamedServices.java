package dev.autodistill4j.api.spi;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The services of one kind on the class path, by name, with the same rules for every kind (model providers,
 * target trainers, CLI commands) — in the spirit of Lucene's {@code NamedSPILoader}, stricter:
 * <ul>
 *   <li>loaded once, when the registry is made; immutable afterwards;</li>
 *   <li>a name that is not lower-case letters, digits, '-', '_' or '.' is refused (it could not be typed);</li>
 *   <li>two services claiming one name is an error naming both classes and the jars they came from, because
 *       otherwise which one answers would depend on class-path order;</li>
 *   <li>an unknown name is an error listing the names that exist.</li>
 * </ul>
 * Errors are {@link ServiceLookupException}s unless the caller supplies its own error type, so each kind keeps the
 * exception its users already catch (e.g. {@code ModelLoadException} for providers).
 *
 * @param <T> the service type
 */
public final class NamedServices<T extends NamedService> {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final String kind;
    private final Map<String, T> byName;
    private final BiFunction<String, Throwable, ? extends RuntimeException> errors;

    private NamedServices(String kind, Map<String, T> byName,
                          BiFunction<String, Throwable, ? extends RuntimeException> errors) {
        this.kind = kind;
        this.byName = Collections.unmodifiableMap(byName);
        this.errors = errors;
    }

    /** Services of {@code type} listed in {@code META-INF/services} files visible to {@code loader}. */
    public static <T extends NamedService> NamedServices<T> load(Class<T> type, ClassLoader loader, String kind) {
        return load(type, loader, kind, ServiceLookupException::new);
    }

    /** As {@link #load(Class, ClassLoader, String)}, reporting problems with {@code errors(message, cause)}. */
    public static <T extends NamedService> NamedServices<T> load(
            Class<T> type, ClassLoader loader, String kind,
            BiFunction<String, Throwable, ? extends RuntimeException> errors) {
        List<T> found = new ArrayList<>();
        try {
            for (T service : ServiceLoader.load(type, loader)) {
                found.add(service);
            }
        } catch (ServiceConfigurationError e) {
            throw errors.apply("a " + kind + " on the class path could not be created (" + e.getMessage()
                    + "): remove the broken jar or fix its META-INF/services entry", e);
        }
        return of(kind, found, errors);
    }

    /** A registry of the given services (tests, applications that assemble their own). */
    public static <T extends NamedService> NamedServices<T> of(
            String kind, List<? extends T> services,
            BiFunction<String, Throwable, ? extends RuntimeException> errors) {
        Map<String, T> byName = new TreeMap<>();
        for (T service : services) {
            String name = service.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw errors.apply(kind + " " + origin(service) + " has the invalid name '" + name
                        + "': a name must be lower-case letters, digits, '-', '_' or '.'", null);
            }
            T previous = byName.putIfAbsent(name, service);
            if (previous != null) {
                throw errors.apply("two " + kind + "s are named '" + name + "': " + origin(previous) + " and "
                        + origin(service) + "; remove one of the jars from the class path", null);
            }
        }
        return new NamedServices<>(kind, byName, errors);
    }

    /** The service called {@code name} (case-insensitive); unknown names get an error listing the known ones. */
    public T get(String name) {
        T service = name == null ? null : byName.get(name.strip().toLowerCase(Locale.ROOT));
        if (service == null) {
            throw errors.apply("unknown " + kind + " '" + name + "'; available: " + (byName.isEmpty()
                    ? "none (no jar providing one is on the class path)" : String.join(", ", byName.keySet())), null);
        }
        return service;
    }

    /** Whether a service is called {@code name}. */
    public boolean contains(String name) {
        return name != null && byName.containsKey(name.strip().toLowerCase(Locale.ROOT));
    }

    /** All services, sorted by name. */
    public List<T> all() {
        return List.copyOf(byName.values());
    }

    /** The names, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The class and the jar (or folder) it came from, so a duplicate can be traced to the jar to remove. */
    public static String origin(Object service) {
        Class<?> c = service.getClass();
        CodeSource cs = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
        String where = cs == null || cs.getLocation() == null ? "unknown location" : cs.getLocation().toString();
        return c.getName() + " (" + where + ")";
    }
}
