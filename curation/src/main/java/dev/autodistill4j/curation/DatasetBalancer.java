package dev.autodistill4j.curation;

import dev.autodistill4j.datasets.OutputFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.datasets.ClassificationDataset;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.DatasetReader;
import dev.autodistill4j.datasets.DatasetWriter;
import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.PathNames;
import dev.autodistill4j.datasets.review.ReviewedManifest;
import dev.autodistill4j.datasets.Sha256;
import dev.autodistill4j.datasets.Split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code dataset balance}: MetaCLIP's balancing applied to a labelled dataset, each image's class being its one
 * "entry". Classes with more than {@code t} images keep each image with probability {@code t / count}, so the
 * head classes shrink to about {@code t} while the tail classes keep everything — the fix for auto-labelling's
 * few classes with most of the images. Counts are over all splits together; an image keeps its split, so the
 * split proportions hold in expectation. One {@link SeededDraws} value per image, in split order and then path
 * order (the reader's order), so a seed gives the same dataset every time. The new dataset is written with
 * {@link DatasetWriter} (copies or hard links), with a {@code manifest.jsonl} (confidence and scores carried over
 * from the source's manifest when it has one) and a {@code run.json} holding the provenance.
 */
public final class DatasetBalancer {
    /**
     * @param source   the labelled dataset (label() output, YOLO-cls or ImageFolder)
     * @param out      the new dataset's folder: new or empty
     * @param t        images a class keeps on average when it has more
     * @param seed     seed of the draws
     * @param hardLink hard-link images instead of copying where the file system allows
     */
    public record Settings(Path source, Path out, long t, long seed, boolean hardLink) {
    }

    /** Per class: images before, keep probability, images after. */
    public record ClassBalance(String className, long before, double probability, long after) {
    }

    private DatasetBalancer() {
    }

    /** Balances {@code s.source()} into {@code s.out()}; {@code listener} (null: none) counts images as {@code balance}. */
    public static List<ClassBalance> balance(Settings s, ProgressListener listener) {
        ProgressListener progress = ProgressListener.orNone(listener);
        if (s.t() < 1) {
            throw new CurationException("`t` must be at least 1 (got " + s.t() + "): it is how many images a large "
                    + "class keeps on average");
        }
        ClassificationDataset ds = DatasetReader.read(s.source());
        Path out = checkOutput(ds.root(), s.out());
        List<String> classes = ds.classes();
        Map<String, Integer> index = new HashMap<>();
        classes.forEach(c -> index.put(c, index.size()));
        Counts counts = new Counts(classes.size());
        for (Split split : Split.values()) {
            ds.split(split).forEach(item -> counts.add(new int[] {index.get(item.label())}));
        }
        Balancing balancing = Balancing.of(counts, s.t());
        Map<String, ManifestRecord> sourceRecords = sourceManifest(ds.root());
        long[] after = new long[classes.size()];
        SeededDraws draws = new SeededDraws(s.seed());
        Map<String, String> folders = classFolders(ds);
        DatasetWriter writer = new DatasetWriter(out, folders, s.hardLink(), Set.of());
        long done = 0;
        try (Manifest manifest = Manifest.openForAppend(out.resolve(Manifest.FILE_NAME))) {
            for (Split split : Split.values()) {
                for (DatasetItem item : ds.split(split)) {
                    int c = index.get(item.label());
                    int[] match = {c};
                    if (Balancing.keepPerText(match, balancing.textProbability(match), draws.getAsDouble())) {
                        manifest.append(copy(item, writer, sourceRecords.get(relative(ds.root(), item.image()))));
                        after[c]++;
                    }
                    progress.update("balance", ++done, counts.texts());
                }
            }
        }
        progress.finished("balance");
        List<ClassBalance> result = new java.util.ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            result.add(new ClassBalance(classes.get(c), counts.count(c), balancing.entryProbability(c), after[c]));
        }
        writeRunJson(out, ds.root(), s, result, folders);
        return result;
    }

    /**
     * Each class keeps the folder it has in the source: the one a {@code label} (or earlier balance) run recorded
     * in its run.json, else the folder its images are in. Re-deriving folders from the sorted class names would
     * hand a collided or sanitised class ({@code a/b} in {@code a_b-2/}) another class's old folder; with the
     * mapping written to run.json, readers and {@code train} get the ontology's names back.
     */
    private static Map<String, String> classFolders(ClassificationDataset ds) {
        Map<String, String> recorded = LabelOutputFolder.classFolders(ds.root());
        Map<String, String> folders = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            for (DatasetItem item : ds.split(split)) {
                folders.computeIfAbsent(item.label(), c -> recorded.getOrDefault(c, folderOf(ds.root(), item)));
            }
        }
        Map<String, String> byFolder = new HashMap<>();
        folders.forEach((c, f) -> {
            String other = byFolder.putIfAbsent(f.toLowerCase(Locale.ROOT), c);
            if (other != null) {
                throw new CurationException(ds.root() + ": classes '" + other + "' and '" + c + "' share the "
                        + "folder " + f + " (run.json's classFolders): give each class its own folder");
            }
        });
        return folders;
    }

    /** The class folder of an item: the first name under its split folder, or under the root (ImageFolder). */
    private static String folderOf(Path root, DatasetItem item) {
        Path rel = root.relativize(item.image());
        boolean split = rel.getNameCount() > 2 && Split.fromFolderName(rel.getName(0).toString()) == item.split();
        return rel.getName(split ? 1 : 0).toString();
    }

    private static ManifestRecord copy(DatasetItem item, DatasetWriter writer, ManifestRecord original) {
        try {
            String sha = Sha256.of(item.image());
            String file = writer.write(item.image(), sha, item.split(), item.label());
            return new ManifestRecord(item.image().toString(), sha, item.split().folderName(), item.label(),
                    original == null ? null : original.confidence(), original == null ? null : original.scores(),
                    file, null);
        } catch (IOException e) {
            throw new CurationException("cannot read " + item.image() + ": " + e.getMessage(), e);
        }
    }

    private static Path checkOutput(Path source, Path out) {
        Path o = out.toAbsolutePath().normalize();
        if (o.startsWith(source) || source.startsWith(o)) {
            throw new CurationException("`out` " + o + " overlaps the dataset " + source + ": give a folder outside it");
        }
        try {
            if (Files.exists(o)) {
                if (!Files.isDirectory(o)) {
                    throw new CurationException(o + " exists and is not a folder: give a new or empty `out` folder");
                }
                try (Stream<Path> s = Files.list(o)) {
                    if (s.findAny().isPresent()) {
                        throw new CurationException(o + " is not empty: give a new or empty `out` folder "
                                + "(nothing was changed)" + (Files.exists(o.resolve(Manifest.FILE_NAME))
                                && !Files.exists(o.resolve("run.json")) ? "; it looks like an interrupted balance "
                                + "run: delete it and run again" : ""));
                    }
                }
            }
            return Files.createDirectories(o);
        } catch (IOException e) {
            throw new CurationException("cannot create " + o + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, ManifestRecord> sourceManifest(Path root) {
        Map<String, ManifestRecord> byFile = new HashMap<>();
        for (ManifestRecord r : ReviewedManifest.records(root)) { // corrected classes, files where they lie now
            if (r.file() != null) {
                byFile.put(r.file(), r);
            }
        }
        return byFile;
    }

    private static String relative(Path root, Path file) {
        return PathNames.relative(root, file);
    }

    private static void writeRunJson(Path out, Path source, Settings s, List<ClassBalance> result,
                                     Map<String, String> classFolders) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", LabelOutputFolder.BALANCE_COMMAND);
        m.put("source", source.toString());
        m.put("t", s.t());
        m.put("seed", s.seed());
        m.put("draws", "SplitMix64, one per image in split then path order; keep when draw <= t / max(count, t)");
        m.put("hard_link", s.hardLink());
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (ClassBalance c : result) {
            perClass.put(c.className(), Map.of("before", c.before(), "probability", c.probability(), "after", c.after()));
        }
        m.put("classes", perClass);
        m.put("classFolders", classFolders);
        m.put("images", Map.of("before", result.stream().mapToLong(ClassBalance::before).sum(),
                "after", result.stream().mapToLong(ClassBalance::after).sum()));
        Path sourceRun = source.resolve("run.json");
        if (Files.isRegularFile(sourceRun)) {
            try {
                JsonNode run = TextRow.JSON.readTree(sourceRun.toFile());
                m.put("source_run", run);
            } catch (IOException e) {
                m.put("source_run", "unreadable: " + e.getMessage());
            }
        }
        m.put("versions", Map.of("autodistill4j", CurationRunJson.version(), "java", System.getProperty("java.version")));
        try { // never through a link
            OutputFiles.replace(out.resolve("run.json"), o -> TextRow.JSON.writer(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(o, m));
        } catch (IOException e) {
            throw new CurationException("cannot write " + out.resolve("run.json") + ": " + e.getMessage(), e);
        }
    }
}
