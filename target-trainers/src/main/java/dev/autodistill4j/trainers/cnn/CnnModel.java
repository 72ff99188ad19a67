package dev.autodistill4j.trainers.cnn;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ClassificationRequest;
import dev.autodistill4j.api.model.ClassificationResponse;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** A loaded cnn: squash-resize → normalise → network → softmax. Native arrays live only inside one call. */
final class CnnModel implements ClassificationBaseModel {
    private final Model model;
    private final List<String> classes;
    private final int inputSize;
    private final ModelInfo info;
    private final Ontology ontology;

    CnnModel(Model model, List<String> classes, int inputSize, ModelInfo info) {
        this.model = model;
        this.classes = List.copyOf(classes);
        this.inputSize = inputSize;
        this.info = info;
        this.ontology = CaptionOntology.ofClasses(classes);
    }

    @Override
    public Ontology ontology() {
        return ontology;
    }

    @Override
    public synchronized ClassificationResponse classify(ClassificationRequest request) {
        List<BufferedImage> images = request.images();
        List<float[]> out = new ArrayList<>(images.size());
        if (images.isEmpty()) {
            return new ClassificationResponse(out);
        }
        int plane = 3 * inputSize * inputSize;
        float[] flat = new float[images.size() * plane];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(ImageTensors.preprocess(images.get(i), inputSize), 0, flat, i * plane, plane);
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(flat, new Shape(images.size(), 3, inputSize, inputSize));
            NDList logits = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false);
            float[] probs = logits.singletonOrThrow().softmax(1).toFloatArray();
            for (int i = 0; i < images.size(); i++) {
                float[] p = new float[classes.size()];
                System.arraycopy(probs, i * classes.size(), p, 0, classes.size());
                out.add(p);
            }
        }
        return new ClassificationResponse(out);
    }

    /** The DJL model (for {@link CnnExport}). */
    Model djlModel() {
        return model;
    }

    int inputSize() {
        return inputSize;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public void close() {
        model.close();
    }
}
