package dev.autodistill4j.cli.commands;

import jakarta.inject.Provider;
import jakarta.inject.Inject;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.EngineListing;
import dev.autodistill4j.cli.support.SettingFlags;
import dev.autodistill4j.cli.support.JsonLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code models}: one JSON line per provider on the class path — name, description, references, licence; the
 * metaclip line also lists the {@code --engine} choices and the ONNX exports already cached.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the model providers and the model references they accept (JSON lines).")
public final class ModelsCommand implements CliCommand {
    @Spec
    CommandSpec spec;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
        JsonLines out = new JsonLines(spec.commandLine().getOut());
        var providers = registry.get().providers();
        if (providers.isEmpty()) {
            spec.commandLine().getErr().println("no model providers are on the class path: build the project "
                    + "(mvn -q -DskipTests package) so cli/target/lib holds the provider jars");
        }
        SettingFlags flags = SettingFlags.of(spec.root().commandLine()); // references name setting keys
        for (BaseModelProvider p : providers) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", p.name());
            line.put("description", flags.render(p.description()));
            line.put("references", p.references().stream().map(flags::render).toList());
            line.put("license", p.license());
            if ("metaclip".equals(p.name())) {
                line.putAll(EngineListing.describe()); // --engine choices and the exports they reuse
            }
            out.write(line);
        }
        return 0;
    }
}
