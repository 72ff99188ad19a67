package dev.autodistill4j.trainers.student;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.metaclip.ClipOptions;
import dev.autodistill4j.trainers.TargetTrainer;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import dev.autodistill4j.trainers.cnn.Devices;
import dev.autodistill4j.trainers.data.EmbeddingModelSupplier;
import dev.autodistill4j.trainers.data.Images;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * {@code student}: distils the teacher's embedding space into a small image encoder (TinyCLIP's recipe). The
 * teacher embeds every image of the folder once ({@link TeacherEmbeddings}, cached in the output folder, so a
 * killed run resumes); the student learns to reproduce those L2-normalised embeddings ({@link DistillationLoss});
 * no labels are read. The result keeps the teacher's text tower (by checkpoint sha256, loaded only for prompts
 * not cached at training time) and logit scale, so it classifies with any ontology, searches and clusters like
 * the teacher ({@link StudentModel}).
 *
 * <p>Determinism on CPU without global state, as for {@code cnn}: initial weights from a generator split off
 * one {@link SplittableRandom} seeded from the request, shuffles from one seeded {@link Random}, data prepared
 * on the calling thread in a fixed order.
 */
public final class StudentTrainer implements TargetTrainer {
    public static final String NAME = StudentConfig.NAME;
    static final String WEIGHTS_PREFIX = "student";
    static final String WEIGHTS = WEIGHTS_PREFIX + "-0000.params";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "small image encoder distilled from the teacher's embeddings (no labels; classifies with any "
                + "ontology), -p arch=cnn|vit-shrunk";
    }

    @Override
    public boolean openVocabulary() {
        return true;
    }

    /** {@code base-model}, {@code teacher} (where the text side's teacher is now) and the zero-shot options. */
    @Override
    public List<String> modelOptions() {
        List<String> all = new ArrayList<>(TargetTrainer.super.modelOptions());
        all.add(StudentLoader.TEACHER_OPTION + "=<the teacher's model spec, where it is now>");
        all.addAll(ClipOptions.KNOWN);
        return all;
    }

    @Override
    public TrainingResult train(TrainingRequest request) {
        Path out = request.outputDir().toAbsolutePath().normalize();
        dev.autodistill4j.trainers.model.TargetModelWriter.checkDestination(out, TeacherEmbeddings.FILES);
        if (request.initCheckpoint() != null) {
            throw new TrainingException("the student does not take `init`: it starts from scratch (arch=cnn) or "
                    + "from the teacher's own weights (arch=vit-shrunk); drop `init`");
        }
        StudentConfig cfg = StudentConfig.from(request);
        CaptionOntology prompts = TrainingPrompts.of(cfg, request.datasetDir());
        Path root = request.datasetDir().toAbsolutePath().normalize();
        List<Path> images = StudentImages.list(root, out);
        try (EmbeddingModel teacher = request.embeddings().load(cfg.teacher(), request.device())) {
            TeacherEmbeddings.Result targets = TeacherEmbeddings.computeOrResume(out, root, images, cfg.views(),
                    teacher, request.progress());
            StudentNetworkFactory.Built built = StudentNetworkFactory.create(cfg, teacher,
                    new SplittableRandom(request.seed()));
            StudentTrainingLoop.Examples[] split = examples(images, cfg.views(), targets.vectors(), built.network(),
                    request);
            Model model = Model.newInstance(NAME, Devices.toDjl(request.device()), "PyTorch");
            try (model) {
                model.setBlock(built.network().block());
                Map<String, Object> metrics = fit(model, built, split, request);
                metrics.put("images", images.size());
                metrics.put("teacher_images_cached", targets.cached());
                metrics.put("teacher_images_embedded", targets.computed());
                request.progress().finished("train");
                return StudentWriter.write(request, out, built, model, teacher, prompts, metrics,
                        targets.imagesSha256(), split[0].images().size() / cfg.views(), split[1].size());
            }
        }
    }

    private static Map<String, Object> fit(Model model, StudentNetworkFactory.Built built,
                                           StudentTrainingLoop.Examples[] split, TrainingRequest request) {
        StudentConfig cfg = built.config();
        Shape one = built.network().imageShape();
        Shape input = new Shape(1, one.get(0), one.get(1), one.get(2));
        try (Trainer trainer = model.newTrainer(trainingConfig(cfg, Devices.toDjl(request.device()),
                split[0].size()))) {
            trainer.initialize(input);
            return new StudentTrainingLoop(trainer, built.network().block(), model.getNDManager(), cfg, one,
                    new Random(request.seed())).run(split[0], split[1], request.progress());
        }
    }

    /** Cosine-decayed Adam, as for {@code cnn}. */
    private static DefaultTrainingConfig trainingConfig(StudentConfig cfg, Device device, int trainImages) {
        int batchesPerEpoch = Math.max(1, trainImages / cfg.batchSize());
        Adam.Builder adam = Optimizer.adam().optLearningRateTracker(CosineTracker.builder()
                .setBaseValue((float) cfg.learningRate()).optFinalValue((float) (cfg.learningRate() * 0.02))
                .setMaxUpdates(batchesPerEpoch * cfg.epochs()).build());
        if (cfg.weightDecay() > 0) {
            adam.optWeightDecays((float) cfg.weightDecay());
        }
        return new DefaultTrainingConfig(new DistillationLoss(cfg.relational())).optOptimizer(adam.build())
                .optDevices(new Device[] {device});
    }

    /**
     * {train, valid}: each image decoded once and its views preprocessed, paired with their teacher vectors;
     * the held-out images keep only view 0 (the image as it is).
     */
    private static StudentTrainingLoop.Examples[] examples(List<Path> images, int views, float[][] teacher,
                                                           StudentNetwork network, TrainingRequest request) {
        List<float[]> trainX = new ArrayList<>();
        List<float[]> trainT = new ArrayList<>();
        List<float[]> validX = new ArrayList<>();
        List<float[]> validT = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            List<java.awt.image.BufferedImage> v = StudentViews.of(Images.decode(images.get(i)), i, views);
            boolean valid = StudentImages.heldOut(i, images.size());
            for (int k = 0; k < (valid ? 1 : views); k++) {
                (valid ? validX : trainX).add(network.preprocess(v.get(k)));
                (valid ? validT : trainT).add(teacher[i * views + k]);
            }
            request.progress().update("decode", i + 1, images.size());
        }
        request.progress().finished("decode");
        return new StudentTrainingLoop.Examples[] {
            new StudentTrainingLoop.Examples(trainX, trainT.toArray(float[][]::new), views),
            new StudentTrainingLoop.Examples(validX, validT.toArray(float[][]::new), 1)};
    }

    @Override
    public ClassificationBaseModel load(TargetModelDirectory dir, ModelRequest request,
                                        EmbeddingModelSupplier embeddings) throws ModelLoadException {
        return StudentLoader.load(dir, request, embeddings);
    }
}
