package dev.autodistill4j.trainers.student;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.metaclip.ZeroShotClassifier;
import dev.autodistill4j.metaclip.ZeroShotOptions;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded student: image embeddings from the student network, text embeddings from the teacher
 * ({@link TeacherText}), and zero-shot classification into any ontology exactly as the teacher classifies —
 * the same {@link ZeroShotClassifier}, options and logit scale — so every command that takes an embedding or
 * classification model takes a student. Without an ontology in the request it classifies into the prompts it
 * was trained with, when it has them.
 */
final class StudentModel implements EmbeddingModel, ClassificationBaseModel {
    private static final int BATCH = 64;

    private final StudentImageTower tower;
    private final StudentNetwork network;
    private final TeacherText text;
    private final int dimension;
    private final double logitScale;
    private final ModelInfo info;
    private final Ontology ontology;
    private final ZeroShotOptions options;
    private ZeroShotClassifier classifier;

    StudentModel(StudentImageTower tower, StudentNetwork network, TeacherText text, int dimension, double logitScale,
                 ModelInfo info, Ontology ontology, ZeroShotOptions options) {
        this.tower = tower;
        this.network = network;
        this.text = text;
        this.dimension = dimension;
        this.logitScale = logitScale;
        this.info = info;
        this.ontology = ontology;
        this.options = options;
    }

    @Override
    public int embeddingDimension() {
        return dimension;
    }

    @Override
    public double logitScale() {
        return logitScale;
    }

    @Override
    public synchronized List<float[]> embedImages(List<BufferedImage> images) {
        List<float[]> out = new ArrayList<>(images.size());
        Shape one = network.imageShape();
        int plane = Math.toIntExact(one.size());
        for (int start = 0; start < images.size(); start += BATCH) {
            int b = Math.min(BATCH, images.size() - start);
            float[] flat = new float[b * plane];
            for (int k = 0; k < b; k++) {
                System.arraycopy(network.preprocess(images.get(start + k)), 0, flat, k * plane, plane);
            }
            float[][] e = tower.embed(flat, b, (int) one.get(1));
            for (float[] row : e) {
                if (row.length != dimension) {
                    throw new Autodistill4jException("student " + info.reference() + "'s image tower made "
                            + row.length + "-d embeddings, its manifest says " + dimension + ": re-export it");
                }
                out.add(row);
            }
        }
        return out;
    }

    @Override
    public List<float[]> embedTexts(List<String> texts) {
        return text.embed(texts);
    }

    @Override
    public Ontology ontology() {
        if (ontology == null) {
            throw new Autodistill4jException("student " + info.reference() + " was trained without an ontology, so "
                    + "it has no classes of its own: give `ontology` (any caption or classes: ontology works)");
        }
        return ontology;
    }

    @Override
    public List<Classifications> predictBatch(List<BufferedImage> images, double confidence) {
        ZeroShotClassifier zs = classifier();
        List<Classifications> out = new ArrayList<>(images.size());
        for (float[] e : embedImages(images)) {
            out.add(zs.classify(e, confidence));
        }
        return out;
    }

    private synchronized ZeroShotClassifier classifier() {
        if (classifier == null) {
            classifier = ZeroShotClassifier.build(ontology(), this::embedTexts, options.templates(),
                    (float) logitScale, options.aggregation());
        }
        return classifier;
    }

    /** The DJL model (exporters read its parameters). */
    Model djlModel() {
        if (tower instanceof DjlStudentTower djl) {
            return djl.model();
        }
        throw new IllegalStateException("this student runs an exported image tower, not DJL");
    }

    /** The network this student was built as (exporters read its shape). */
    StudentNetwork network() {
        return network;
    }

    /** Whether embedding text had to load the teacher. */
    boolean teacherLoaded() {
        return text.teacherLoaded();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public void close() {
        try {
            text.close();
        } finally {
            tower.close();
        }
    }
}
