package dev.autodistill4j.trainers.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.datasets.ClassificationDataset;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.PathNames;
import dev.autodistill4j.datasets.Split;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset checked for what training needs (two classes or more, non-empty train and valid splits), with the
 * hash that identifies exactly which files and labels a model was trained on.
 */
public record TrainingData(ClassificationDataset dataset, String manifestSha256, JsonNode ontology) {

    public static TrainingData load(Path root) {
        ClassificationDataset ds = ImageFolderReader.read(root);
        validate(ds);
        return new TrainingData(ds, manifestHash(ds), DatasetRunRecord.of(root).ontology());
    }

    static void validate(ClassificationDataset ds) {
        if (ds.classes().size() < 2) {
            throw new TrainingDataException("dataset " + ds.root() + " has " + ds.classes().size() + " class"
                    + (ds.classes().size() == 1 ? " (" + ds.classes().get(0) + ")" : "es") + ": a classifier needs at "
                    + "least two; label with an ontology of two or more classes");
        }
        for (Split s : List.of(Split.TRAIN, Split.VALID)) {
            if (ds.split(s).isEmpty()) {
                throw new TrainingDataException("dataset " + ds.root() + " has an empty or missing '" + s.folderName()
                        + "' split: training needs images in both train/ and valid/ (label() writes both; for an "
                        + "ImageFolder move some images into valid/<class>/)");
            }
        }
        if (Files.isDirectory(ds.root().resolve("test")) && ds.split(Split.TEST).isEmpty()) {
            throw new TrainingDataException("dataset " + ds.root() + " has an empty 'test' split: add images to "
                    + "test/<class>/ or delete the test folder");
        }
    }

    /** Items of one split. */
    public List<DatasetItem> split(Split s) {
        return dataset.split(s);
    }

    public List<String> classes() {
        return dataset.classes();
    }

    public int classId(String label) {
        return dataset.classes().indexOf(label);
    }

    /** Images per split, for provenance. */
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Split s : Split.values()) {
            m.put(s.folderName(), dataset.split(s).size());
        }
        return m;
    }

    /** sha256 over every (split, class, relative path, file sha256) line in a fixed order. */
    static String manifestHash(ClassificationDataset ds) {
        StringBuilder sb = new StringBuilder();
        for (Split s : Split.values()) {
            for (DatasetItem it : ds.split(s)) {
                sb.append(s.folderName()).append('\t').append(it.label()).append('\t')
                        .append(PathNames.relative(ds.root(), it.image())).append('\t')
                        .append(Hashing.sha256(it.image())).append('\n');
            }
        }
        return Hashing.sha256(sb.toString());
    }
}
