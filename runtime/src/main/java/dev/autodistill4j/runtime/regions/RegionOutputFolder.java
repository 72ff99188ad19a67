package dev.autodistill4j.runtime.regions;

import java.util.ArrayList;
import java.nio.file.LinkOption;
import dev.autodistill4j.datasets.Ownership;
import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.datasets.OutputFiles;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autodistill4j.runtime.label.PathContainment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The output folder of {@code label-regions} and its {@code run.json}, with {@code label}'s ownership rules:
 * a new or empty folder is ours; a folder with our {@code run.json} is resumed when the settings that decide
 * the names match ({@link #RESUME_KEYS}); anything else is refused. {@code --overwrite} deletes only the
 * files this command writes (run.json, regions.jsonl, classes.txt, data.yaml, the COCO file and the label
 * files its manifest lists) — a foreign file in the folder is never touched.
 */
final class RegionOutputFolder {
    private static final Logger LOG = LoggerFactory.getLogger(RegionOutputFolder.class);
    static final String RUN_FILE = "run.json";
    static final String TOOL = "autodistill4j label-regions";
    /** The folder YOLO label files go into; removed by --overwrite only once empty. */
    static final String LABELS = "labels";
    static final List<String> RESUME_KEYS = List.of("images", "boxes", "format", "model", "checkpointSha256",
            "modelOptions", "ontology", "padding", "minSize", "confidence", "unknown", "detector", "detectorOptions",
            "detectorCheckpointSha256", "boxConfidence", "nmsIou");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RegionOutputFolder() {
    }

    /** Before the model loads: the folder is missing, empty, or a label-regions output. */
    static void check(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new RegionConfigException(out + " is a file, not a folder: choose another `output`");
        }
        if (Files.isDirectory(out) && !isEmpty(out) && !isOurs(out)) {
            throw new RegionConfigException(out + " exists, is not empty and is not a label-regions output (no "
                    + "run.json of it): choose a new or empty `output`; nothing was changed");
        }
    }

    /** Applies --overwrite or checks the resume key; afterwards the folder exists and run.json says running. */
    static void prepare(RegionLabelConfig config, Map<String, Object> now, List<String> ownFiles) {
        Path out = config.output();
        check(out);
        try {
            if (config.overwrite() && isOurs(out)) {
                deleteOwn(out, ownFiles);
            } else if (isOurs(out)) {
                Map<String, Object> earlier = read(out.resolve(RUN_FILE));
                for (String key : RESUME_KEYS) {
                    if (!Objects.equals(normalise(earlier.get(key)), normalise(now.get(key)))) {
                        throw new RegionConfigException(out + " holds a label-regions run with other settings ("
                                + key + " was " + earlier.get(key) + ", now " + now.get(key) + "): use `overwrite` "
                                + "to replace it, or choose another `output`");
                    }
                }
                now.put("started", earlier.getOrDefault("started", now.get("started")));
                LOG.info("resuming the label-regions run in {}", out);
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new RegionConfigException("cannot prepare " + out + ": " + e.getMessage());
        }
        write(out.resolve(RUN_FILE), now);
    }

    /** Creates the output folder and locks it for the run (a second run on it fails at once, naming this one). */
    static OutputLock lock(Path out) {
        check(out);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new RegionConfigException("cannot create " + out + " (" + e + "): check that its parent folder "
                    + "exists and is writable");
        }
        return OutputLock.acquire(out, TOOL);
    }

    /**
     * The YOLO label file {@code relative} (to {@code out}) of {@code image}, once it is known to lie inside
     * {@code out}/labels: after normalisation, and by the real path of its folder under the real path of
     * {@code out} (a link in the output, {@code labels} itself included, would make the write land elsewhere).
     *
     * @throws RegionConfigException naming the image and the output when it would not
     */
    static Path labelFile(Path out, Path relative, Path image) {
        Path labels = out.resolve(RegionWork.LABELS);
        Path target = out.resolve(relative).normalize();
        Path realParent = PathContainment.real(target.getParent());
        if (!target.startsWith(labels) || !realParent.startsWith(PathContainment.real(out).resolve(RegionWork.LABELS))) {
            throw new RegionConfigException(image + ": its label file " + target + " would lie outside `output` "
                    + out + (target.startsWith(labels) ? " (its folder leads to " + realParent + " through a link)"
                    : "") + ": not written; remove the link or rename the image");
        }
        return target;
    }

    /**
     * Deletes, through {@link Ownership}, the label files the manifest lists, the fixed files, the manifest and
     * temporaries, then run.json; never through a link ({@code labels/} linked elsewhere is refused).
     */
    private static void deleteOwn(Path out, List<String> fixedFiles) throws IOException {
        LOG.info("`overwrite`: deleting the previous label-regions output in {}", out);
        Path manifest = out.resolve(RegionManifest.FILE_NAME);
        List<String> files = new ArrayList<>();
        for (Map<String, Object> r : RegionManifest.read(manifest)) {
            if (r.get("output") instanceof String rel) {
                files.add(rel);
            }
        }
        files.addAll(fixedFiles);
        files.add(RegionManifest.FILE_NAME);
        try (Stream<Path> top = Files.list(out)) {
            top.filter(p -> fixedFiles.stream().anyMatch(f -> OutputFiles.isTemporaryOf(f, p))
                    || OutputFiles.isTemporaryOf(RUN_FILE, p)).forEach(p -> files.add(p.getFileName().toString()));
        }
        Ownership.deleteListed(out, files, List.of(LABELS));
        Ownership.deleteListed(out, List.of(RUN_FILE), List.of());
    }

    private static boolean isOurs(Path out) {
        Path run = out.resolve(RUN_FILE);
        return Files.isRegularFile(run, LinkOption.NOFOLLOW_LINKS) && TOOL.equals(read(run).get("tool"));
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(OutputLock::isLockFile); // a link named like the lock is not empty
        } catch (IOException e) {
            throw new RegionConfigException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    static Map<String, Object> read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new RegionConfigException(file + " is not a readable run.json (" + e.getMessage() + ")");
        }
    }

    static void write(Path file, Map<String, Object> record) {
        try {
            OutputFiles.replace(file, o -> MAPPER.writeValue(o, record)); // never through a link
        } catch (IOException e) {
            throw new RegionConfigException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static Object normalise(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), normalise(x)));
            return out;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(RegionOutputFolder::normalise).toList();
        }
        return v;
    }
}
