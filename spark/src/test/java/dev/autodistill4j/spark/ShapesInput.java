package dev.autodistill4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The shapes fixture as a test input: its held-out images plus the awkward cases a real folder has — two
 * images with the same file name in different folders (the writer's name-2 rule), a file already named like a
 * renamed one, an upper-case extension, an undecodable image, a hidden file and a non-image.
 */
final class ShapesInput {
    final Path model;
    final Path ontology;
    final Path input;
    final int images;

    private ShapesInput(Path model, Path ontology, Path input, int images) {
        this.model = model;
        this.ontology = ontology;
        this.input = input;
        this.images = images;
    }

    static ShapesInput create(Path tmp) throws IOException {
        Path shapes = Fixtures.resolve("shapes");
        Path input = tmp.resolve("input");
        Path source = shapes.resolve("images/test");
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path target = input.resolve(source.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
        Path red = input.resolve("red_circle");
        List<Path> reds;
        try (Stream<Path> s = Files.list(red)) {
            reds = s.sorted().toList();
        }
        Path extra = input.resolve("z_extra");
        Files.createDirectories(extra);
        Files.copy(reds.get(0), extra.resolve(reds.get(0).getFileName()));        // same name, same bytes
        Files.copy(reds.get(1), extra.resolve("copy.png"));
        Files.copy(reds.get(2), input.resolve("copy.png"));                         // same name, other bytes
        Files.copy(reds.get(3), input.resolve("copy-2.png"));                       // a name the rule would make
        Files.copy(reds.get(4), extra.resolve("UPPER.PNG"));
        Files.writeString(extra.resolve("broken.png"), "not a png at all");
        Files.copy(reds.get(5), extra.resolve(".hidden.png"));
        Files.writeString(extra.resolve("notes.txt"), "not an image");
        int images;
        try (Stream<Path> s = Files.walk(input)) {
            images = (int) s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.toString().endsWith(".txt")).count();
        }
        return new ShapesInput(shapes.resolve("shapes-clip"), writeOntology(shapes, tmp), input, images);
    }

    @SuppressWarnings("unchecked")
    private static Path writeOntology(Path shapes, Path tmp) throws IOException {
        Map<String, Object> world = new ObjectMapper().readValue(shapes.resolve("shapes.json").toFile(), Map.class);
        Map<String, Object> w = (Map<String, Object>) world.get("world");
        String prompt = (String) ((Map<String, Object>) world.get("reference_prompts")).get("color_shape");
        StringBuilder b = new StringBuilder();
        for (String c : (List<String>) w.get("colors")) {
            for (String s : (List<String>) w.get("shapes")) {
                b.append('"').append(prompt.replace("{color}", c).replace("{shape}", s)).append("\": ")
                        .append(c).append('_').append(s).append('\n');
            }
        }
        Path onto = tmp.resolve("shapes.yaml");
        Files.writeString(onto, b);
        return onto;
    }

    /**
     * A {@code classes:} ontology of four classes, each with a prompt and three example images from the
     * fixture's {@code extra} images (never in the input), written to {@code tmp/classes.yaml}.
     */
    static Path writeClassesOntology(Path tmp) throws IOException {
        Path extra = Fixtures.resolve("shapes").resolve("images/extra");
        StringBuilder yaml = new StringBuilder("classes:\n");
        for (String c : List.of("red_circle", "blue_square", "green_star", "yellow_triangle")) {
            List<Path> examples = dev.autodistill4j.runtime.image.ImageFiles.walk(extra.resolve(c)).subList(0, 3);
            yaml.append("  ").append(c).append(":\n    prompts: [\"a ").append(c.replace('_', ' '))
                    .append("\"]\n    images: [").append(String.join(", ", examples.stream()
                            .map(p -> "\"" + p + "\"").toList())).append("]\n");
        }
        Path ontology = tmp.resolve("classes.yaml");
        Files.writeString(ontology, yaml);
        return ontology;
    }

    String modelSpec() {
        return "metaclip:" + model;
    }
}
