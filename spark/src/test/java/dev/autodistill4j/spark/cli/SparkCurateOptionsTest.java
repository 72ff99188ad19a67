package dev.autodistill4j.spark.cli;

import dev.autodistill4j.cli.curation.CurateCommand;
import dev.autodistill4j.curation.CurationException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code spark curate} takes the local {@code curate}'s options (but {@code --threads}) and a local --out. */
class SparkCurateOptionsTest {

    @Test
    void takesEveryOptionOfTheLocalCurateButThreads() {
        Set<String> local = names(new CommandLine(new CurateCommand()));
        local.remove("--threads");
        assertThat(names(new CommandLine(new SparkCurateCommand()))).containsAll(local);
    }

    @Test
    void outIsALocalFolderOrAFileUri() {
        assertThat(SparkCurateCommand.localFolder("curated")).isEqualTo(Path.of("curated"));
        assertThat(SparkCurateCommand.localFolder("file:/data/curated")).isEqualTo(Path.of("/data/curated"));
        assertThatThrownBy(() -> SparkCurateCommand.localFolder("hdfs://nn/curated"))
                .isInstanceOf(CurationException.class).hasMessageContaining("is not a local folder");
    }

    private static Set<String> names(CommandLine cl) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            names.addAll(Set.of(o.names()));
        }
        return names;
    }
}
