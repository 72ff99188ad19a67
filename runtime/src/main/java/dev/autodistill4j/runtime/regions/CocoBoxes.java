package dev.autodistill4j.runtime.regions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A COCO detection file: parsed into per-image boxes with per-image errors, and written back with the
 * ontology's categories. An annotation is identified by its position in {@code annotations} (ids may be
 * missing or repeated in hand-made files), so writing back touches exactly the annotations that were read.
 */
public final class CocoBoxes {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One entry of {@code images} with its boxes, or the reason it cannot be used. */
    public record Image(long id, String fileName, int width, int height, List<RegionBox> boxes, String error) {
    }

    /** The parsed file: images in file order and errors that belong to no image (orphan annotations). */
    public record Parsed(List<Image> images, List<String> fileErrors) {
    }

    private CocoBoxes() {
    }

    /** @throws BoxFileException when the file is not JSON or has no {@code images}/{@code annotations} arrays */
    public static Parsed read(Path file) {
        JsonNode root = readTree(file);
        if (!root.isObject() || !root.path("images").isArray() || !root.path("annotations").isArray()) {
            throw new BoxFileException(file + ": not a COCO detection file (needs 'images' and 'annotations' arrays)");
        }
        Set<Long> categories = new HashSet<>();
        for (JsonNode c : root.path("categories")) {
            categories.add(c.path("id").asLong());
        }
        Map<Long, Image> images = new LinkedHashMap<>();
        Map<Long, List<RegionBox>> boxes = new LinkedHashMap<>();
        Map<Long, String> errors = new LinkedHashMap<>();
        for (JsonNode im : root.get("images")) {
            if (!im.path("id").canConvertToLong() || !im.path("id").isIntegralNumber()
                    || !im.path("file_name").isTextual()) {
                throw new BoxFileException(file + ": image entry " + im + " needs an integer 'id' and a 'file_name'");
            }
            long id = im.get("id").asLong();
            if (images.containsKey(id)) {
                throw new BoxFileException(file + ": image id " + id + " is used twice");
            }
            images.put(id, new Image(id, im.get("file_name").asText(), im.path("width").asInt(-1),
                    im.path("height").asInt(-1), List.of(), null));
            boxes.put(id, new ArrayList<>());
        }
        List<String> fileErrors = new ArrayList<>();
        JsonNode annotations = root.get("annotations");
        for (int i = 0; i < annotations.size(); i++) {
            JsonNode a = annotations.get(i);
            long imageId = a.path("image_id").asLong(Long.MIN_VALUE);
            Image im = images.get(imageId);
            if (im == null || !a.path("image_id").isIntegralNumber()) {
                fileErrors.add(file + ": annotation " + i + " refers to image_id " + a.path("image_id")
                        + ", which is not in 'images' (not written back)");
                continue;
            }
            try {
                boxes.get(imageId).add(box(a, i, boxes.get(imageId).size(), im, categories, file));
            } catch (BoxFileException e) {
                errors.putIfAbsent(imageId, e.getMessage());
            }
        }
        List<Image> out = new ArrayList<>();
        for (Image im : images.values()) {
            out.add(new Image(im.id(), im.fileName(), im.width(), im.height(), boxes.get(im.id()),
                    errors.get(im.id())));
        }
        return new Parsed(out, fileErrors);
    }

    private static RegionBox box(JsonNode a, int position, int index, Image im, Set<Long> categories, Path file) {
        String where = file + ": annotation " + position + " (image " + im.fileName() + ")";
        JsonNode bbox = a.path("bbox");
        if (!bbox.isArray() || bbox.size() != 4) {
            throw new BoxFileException(where + ": bbox must be [x, y, width, height]");
        }
        double[] v = new double[4];
        for (int k = 0; k < 4; k++) {
            if (!bbox.get(k).isNumber() || !Double.isFinite(bbox.get(k).asDouble())) {
                throw new BoxFileException(where + ": bbox value " + bbox.get(k) + " is not a finite number");
            }
            v[k] = bbox.get(k).asDouble();
        }
        if (v[0] < 0 || v[1] < 0 || v[2] <= 0 || v[3] <= 0) {
            throw new BoxFileException(where + ": bbox " + bbox + " has a negative corner or a non-positive size");
        }
        if (im.width() > 0 && im.height() > 0 && (v[0] + v[2] > im.width() + 1 || v[1] + v[3] > im.height() + 1)) {
            throw new BoxFileException(where + ": bbox " + bbox + " leaves the " + im.width() + "x" + im.height()
                    + " image");
        }
        JsonNode cat = a.path("category_id");
        if (!cat.isIntegralNumber() || (!categories.isEmpty() && !categories.contains(cat.asLong()))) {
            throw new BoxFileException(where + ": category_id " + cat + " is not one of the file's categories");
        }
        return new RegionBox(index, v[0], v[1], v[2], v[3], cat.asLong(), null, (long) position);
    }

    private static JsonNode readTree(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new BoxFileException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + ")", e);
        }
    }

    /**
     * Writes {@code input} to {@code output} with {@code categories} (ids 1..n in order) and, for every
     * annotation position in {@code named}, its new category id and {@code score}; annotations not in
     * {@code named} (dropped, or of images that failed) are left out. Everything else is copied as read.
     */
    public static void write(Path input, Path output, List<String> categories, Map<Long, Named> named) {
        ObjectNode root = (ObjectNode) readTree(input);
        ArrayNode cats = MAPPER.createArrayNode();
        for (int i = 0; i < categories.size(); i++) {
            cats.addObject().put("id", i + 1).put("name", categories.get(i)).put("supercategory", "");
        }
        root.set("categories", cats);
        ArrayNode kept = MAPPER.createArrayNode();
        JsonNode annotations = root.get("annotations");
        for (int i = 0; i < annotations.size(); i++) {
            Named n = named.get((long) i);
            if (n != null) {
                ObjectNode a = ((ObjectNode) annotations.get(i)).deepCopy();
                a.put("category_id", n.categoryIndex() + 1);
                a.put("score", n.score());
                kept.add(a);
            }
        }
        root.set("annotations", kept);
        Path tmp = output.resolveSibling("." + output.getFileName() + ".tmp");
        try {
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RegionConfigException("cannot write " + output + ": " + e.getMessage());
        }
    }

    /** The new category (index into the written categories) and score of one annotation. */
    public record Named(int categoryIndex, double score) {
    }
}
