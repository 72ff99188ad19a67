package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code --option} a command's help mentions is an option of that command or of its subcommands, so no
 * help sends a user to an option that does not exist ({@code train --help} once said "see --list").
 */
class HelpTextTest {
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

    @Test
    void helpMentionsOnlyOptionsThatExist() {
        List<String> wrong = new ArrayList<>();
        Main.commandLine().getSubcommands().values().forEach(sub -> check(sub, wrong));
        assertThat(wrong).isEmpty();
    }

    private static void check(CommandLine cl, List<String> wrong) {
        Set<String> names = new HashSet<>();
        List<OptionSpec> options = new ArrayList<>(cl.getCommandSpec().options());
        // a command's help lists its subcommands' descriptions, which may name their options
        cl.getSubcommands().values().forEach(sub -> options.addAll(sub.getCommandSpec().options()));
        for (OptionSpec o : options) {
            names.addAll(List.of(o.names()));
            if (o.negatable()) {
                for (String n : o.names()) {
                    names.add(n.replaceFirst("^--", "--no-"));
                }
            }
        }
        Matcher m = OPTION.matcher(cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        while (m.find()) {
            if (!names.contains(m.group())) {
                wrong.add(cl.getCommandSpec().qualifiedName() + " mentions " + m.group());
            }
        }
        cl.getSubcommands().values().forEach(sub -> check(sub, wrong));
    }
}
