package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.datasets.OutputFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A COCO detection file: parsed into per-image boxes, and written back with the ontology's categories. An
 * annotation is identified by its position in {@code annotations} (ids may be missing in hand-made files), so
 * writing back touches exactly the annotations that were read.
 *
 * <p>Each record is judged alone: an annotation with a bad bbox, an unknown category or an id an earlier
 * annotation already uses is skipped (listed under its image, not written back); an image entry without a whole
 * number id or a {@code file_name}, or repeating an earlier entry's id, is refused (its own error; annotations
 * with that id stay with the first entry); an image whose declared width or height is not a positive whole
 * number fails with its annotations. Nothing wrong in one record changes what happens to another.
 */
public final class CocoBoxes {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Largest declared image side accepted (far above any real image; ImageLimits bounds the decoded ones). */
    static final int MAX_SIDE = 1 << 20;

    /**
     * One entry of {@code images} with its boxes, the annotations of it that were skipped, or the reason the
     * whole image cannot be used.
     */
    public record Image(long id, String fileName, int width, int height, List<RegionBox> boxes, List<String> skipped,
                        String error) {
    }

    /** The parsed file: images in file order and errors that belong to no image (orphans, refused entries). */
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
        List<String> fileErrors = new ArrayList<>();
        Set<Long> categories = categories(root, file, fileErrors);
        Map<Long, Image> images = images(root, file, fileErrors);
        Map<Long, List<RegionBox>> boxes = new LinkedHashMap<>();
        Map<Long, List<String>> skipped = new LinkedHashMap<>();
        images.keySet().forEach(id -> {
            boxes.put(id, new ArrayList<>());
            skipped.put(id, new ArrayList<>());
        });
        Map<Long, Integer> annotationIds = new HashMap<>();
        JsonNode annotations = root.get("annotations");
        for (int i = 0; i < annotations.size(); i++) {
            JsonNode a = annotations.get(i);
            Image im = a.path("image_id").isIntegralNumber() ? images.get(a.path("image_id").asLong()) : null;
            String repeated = repeatedId(a, i, annotationIds, file);
            if (im == null) {
                fileErrors.add(file + ": annotation " + i + " refers to image_id " + a.path("image_id")
                        + ", which is not in 'images' (not written back)");
            } else if (repeated != null) {
                skipped.get(im.id()).add(repeated);
            } else if (im.error() == null) {
                try {
                    boxes.get(im.id()).add(box(a, i, boxes.get(im.id()).size(), im, categories, file));
                } catch (BoxFileException e) {
                    skipped.get(im.id()).add(e.getMessage());
                }
            }
        }
        List<Image> out = new ArrayList<>();
        for (Image im : images.values()) {
            out.add(new Image(im.id(), im.fileName(), im.width(), im.height(), boxes.get(im.id()),
                    skipped.get(im.id()), im.error()));
        }
        return new Parsed(out, fileErrors);
    }

    private static Set<Long> categories(JsonNode root, Path file, List<String> fileErrors) {
        Set<Long> categories = new HashSet<>();
        JsonNode list = root.path("categories");
        for (int i = 0; i < list.size(); i++) {
            JsonNode id = list.get(i).path("id");
            if (id.isIntegralNumber() && id.canConvertToLong()) {
                categories.add(id.asLong());
            } else {
                fileErrors.add(file + ": category entry " + i + " has id " + id + ", not a whole number (ignored: "
                        + "annotations naming it are skipped)");
            }
        }
        return categories;
    }

    private static Map<Long, Image> images(JsonNode root, Path file, List<String> fileErrors) {
        Map<Long, Image> images = new LinkedHashMap<>();
        JsonNode list = root.get("images");
        for (int i = 0; i < list.size(); i++) {
            JsonNode im = list.get(i);
            JsonNode id = im.path("id");
            JsonNode name = im.path("file_name");
            if (!id.isIntegralNumber() || !id.canConvertToLong() || !name.isTextual() || name.asText().isEmpty()) {
                fileErrors.add(file + ": image entry " + i + " (id " + id + ", file_name " + name + ") needs a whole "
                        + "number 'id' and a 'file_name': refused");
                continue;
            }
            Image first = images.get(id.asLong());
            if (first != null) {
                fileErrors.add(file + ": image entry " + i + " ('" + name.asText() + "') repeats image id " + id
                        + " of '" + first.fileName() + "': refused (annotations with image_id " + id + " stay with '"
                        + first.fileName() + "'); give each image its own id");
                continue;
            }
            String error = null;
            int width = side(im, "width");
            int height = side(im, "height");
            if (width == 0 || height == 0) {
                error = file + ": image '" + name.asText() + "' declares width " + im.path("width") + " and height "
                        + im.path("height") + "; each must be a whole number from 1 to " + MAX_SIDE
                        + " (or left out): its annotations are not named";
            }
            images.put(id.asLong(), new Image(id.asLong(), name.asText(), width, height, List.of(), List.of(), error));
        }
        return images;
    }

    /** A declared side: its value, -1 when absent (unknown), 0 when present but not a usable size. */
    private static int side(JsonNode image, String key) {
        JsonNode n = image.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return -1;
        }
        return n.isIntegralNumber() && n.canConvertToInt() && n.asInt() >= 1 && n.asInt() <= MAX_SIDE ? n.asInt() : 0;
    }

    /** The refusal of an annotation whose whole-number id an earlier annotation already has, else null. */
    private static String repeatedId(JsonNode a, int position, Map<Long, Integer> seen, Path file) {
        JsonNode id = a.path("id");
        if (!id.isIntegralNumber() || !id.canConvertToLong()) {
            return null;
        }
        Integer first = seen.putIfAbsent(id.asLong(), position);
        return first == null ? null : file + ": annotation " + position + " repeats id " + id + " of annotation "
                + first + ": skipped (COCO tools keep one annotation per id)";
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
        try {
            OutputFiles.replace(output, out -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, root));
        } catch (IOException e) {
            throw new RegionConfigException("cannot write " + output + ": " + e.getMessage());
        }
    }

    /** The new category (index into the written categories) and score of one annotation. */
    public record Named(int categoryIndex, double score) {
    }
}
