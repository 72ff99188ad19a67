package dev.autodistill4j.cli.support;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the setting keys library messages name ({@code `input`}, {@code `hnsw-m`}: a Java user embedding the
 * library has no flags) to the CLI's flags ({@code --input}) when the CLI prints its one {@code error:} line, so
 * the library speaks in its own terms and the CLI's messages still name what the user typed. A key with no flag
 * of that name anywhere in the command tree is left as written.
 */
public final class SettingFlags {
    private static final Pattern KEY = Pattern.compile("`([a-z][a-z0-9-]*)`");

    private final Set<String> flags;

    private SettingFlags(Set<String> flags) {
        this.flags = flags;
    }

    /** The long options of {@code root} and of all its subcommands. */
    public static SettingFlags of(CommandLine root) {
        Set<String> names = new HashSet<>();
        collect(root, names);
        return new SettingFlags(Set.copyOf(names));
    }

    private static void collect(CommandLine cl, Set<String> names) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            for (String n : o.names()) {
                if (n.startsWith("--")) {
                    names.add(n.substring(2));
                }
            }
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, names));
    }

    /** {@code message} with each {@code `key`} that is a flag written as {@code --key}. */
    public String render(String message) {
        if (message == null || message.indexOf('`') < 0) {
            return message;
        }
        Matcher m = KEY.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            m.appendReplacement(out, Matcher.quoteReplacement(flags.contains(key) ? "--" + key : m.group()));
        }
        return m.appendTail(out).toString();
    }
}
