package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.datasets.DatasetWriter;
import dev.autodistill4j.datasets.Split;
import dev.autodistill4j.datasets.Splitter;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Stage 1 of the label job, on the executors: read, decode and classify a task's images with this JVM's one
 * model, exactly as {@code LabelRunner} does per batch (same threshold semantics, same non-finite check, the
 * split from the project's {@link Splitter}, the class folder from {@link DatasetWriter#classDir}).
 */
final class ClassifyPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ModelKey key;
    private final ArrayList<String> classes;
    private final LinkedHashMap<String, String> folders;
    private final double[] ratios;
    private final long seed;
    private final double confidence;
    private final String rootPath;
    private final ImagePreparer preparer;
    private final int batchSize;
    private final FailureInjection failure;
    private final LongAccumulator done;
    private transient Splitter splitter;
    private transient DatasetWriter layout;

    ClassifyPartition(ModelKey key, List<String> classes, java.util.Map<String, String> folders, Splitter splitter,
                      double confidence, String rootPath, ImagePreparer preparer, int batchSize,
                      FailureInjection failure, LongAccumulator done) {
        this.key = key;
        this.classes = new ArrayList<>(classes);
        this.folders = new LinkedHashMap<>(folders);
        this.ratios = new double[] {splitter.train(), splitter.valid(), splitter.test()};
        this.seed = splitter.seed();
        this.confidence = confidence;
        this.rootPath = rootPath;
        this.preparer = preparer;
        this.batchSize = batchSize;
        this.failure = failure;
        this.done = done;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ClassificationBaseModel model = BaseModels.classifier(ExecutorModels.get(key));
        splitter = new Splitter(ratios[0], ratios[1], ratios[2], seed);
        // only classDir() is used: it maps a class to its folder with the local writer's rules and checks it
        layout = new DatasetWriter(java.nio.file.Path.of("/dataset"), folders, false, Set.of());
        return new BatchIterator<>(rows, batchSize, batch -> classify(model, batch), failure);
    }

    private List<Row> classify(ClassificationBaseModel model, List<Row> batch) {
        List<PreparedImage> prepared = batch.stream().map(preparer::prepare).toList();
        List<BufferedImage> images = new ArrayList<>();
        prepared.stream().filter(p -> p.image() != null).forEach(p -> images.add(p.image()));
        List<Classifications> results = images.isEmpty() ? List.of()
                : ExecutorModels.call(model, () -> model.predictBatch(images, confidence));
        if (results.size() != images.size()) {
            throw new IllegalStateException("model " + key.spec() + " returned " + results.size() + " results for "
                    + images.size() + " images: the model is broken");
        }
        List<Row> out = new ArrayList<>(prepared.size());
        int r = 0;
        for (PreparedImage p : prepared) {
            out.add(p.image() == null ? failed(p, p.error()) : row(p, results.get(r++)));
            done.add(1);
        }
        return out;
    }

    private Row row(PreparedImage p, Classifications c) {
        double[] scores = new double[classes.size()];
        for (int i = 0; i < scores.length; i++) {
            Float v = c.scores().get(classes.get(i));
            scores[i] = v == null ? Double.NaN : (double) v;
            if (!Double.isFinite(scores[i])) {
                return failed(p, HadoopFiles.nioPath(new Path(p.path())) + ": the model returned non-finite scores "
                        + c.scores() + " for this image");
            }
        }
        if (c.hasLabel()) {
            String cls = c.classes().get(c.classIds()[0]);
            Split split = splitter.assign(p.sha256());
            String dir = java.nio.file.Path.of("/dataset").relativize(layout.classDir(split, cls)).toString()
                    .replace('\\', '/');
            return create(p, cls, (double) c.confidences()[0], scores, split.folderName(), dir, null);
        }
        return create(p, null, (double) c.topConfidence(), scores, null, DatasetWriter.UNLABELED, null);
    }

    private Row failed(PreparedImage p, String error) {
        return create(p, null, null, null, null, null, error);
    }

    private Row create(PreparedImage p, String cls, Double conf, double[] scores, String split, String dir,
                       String error) {
        String name = DatasetWriter.destinationName(new Path(p.path()).getName());
        return RowFactory.create(ImageListing.relativeKey(p.path(), rootPath), p.path(), p.source(), name,
                LabelRows.family(name), p.sha256(), p.length(), cls, conf, scores, split, dir, error);
    }
}
