package dev.autodistill4j.metaclip.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CLIP network (image and text towers, logit scale) built from DJL NDArray operations on the PyTorch engine,
 * from a state dict under Hugging Face {@code CLIPModel} names: no TorchScript export, any CLIP checkpoint.
 *
 * <p>The weights are copied once into arrays owned by this model's manager. Each call works in a child
 * manager closed before it returns, and each transformer block in a grandchild closed after the block, so
 * native memory stays flat however many images are embedded and the public API speaks only {@code float[]}.
 * Instances are safe to use from several threads at once (PyTorch ops are re-entrant; the weights are only
 * read). Grad mode is switched off for the duration of a call and the caller's setting restored afterwards:
 * PyTorch keeps it per thread, so leaving it off would silently stop a caller's own training on that thread.
 */
public final class ClipModel implements ClipEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(ClipModel.class);
    /** DJL's name for the PyTorch engine. */
    public static final String ENGINE = "PyTorch";

    private final ClipConfig config;
    private final Device device;
    private final NDManager manager;
    private final VisionTower vision;
    private final TextTower text;
    private final float logitScale;
    private final int baselineArrays;

    private ClipModel(ClipConfig config, Device device, NDManager manager, VisionTower vision, TextTower text,
                      float logitScale) {
        this.config = config;
        this.device = device;
        this.manager = manager;
        this.vision = vision;
        this.text = text;
        this.logitScale = logitScale;
        this.baselineArrays = manager.getManagedArrays().size();
    }

    /**
     * Builds the network from {@code weights} (which the caller still owns and may close afterwards).
     *
     * @param source named in error messages (the checkpoint file)
     * @throws ModelLoadException when the engine cannot start, the device is unavailable or a tensor is
     *                            missing or mis-shaped (all of them are listed)
     */
    public static ClipModel load(ClipConfig config, StateDict weights, dev.autodistill4j.api.model.Device device,
                                 String source) {
        Engine engine = engine();
        Device dev = DeviceNames.toDjl(device, engine);
        NDManager manager = NDManager.newBaseManager(dev, ENGINE);
        try {
            WeightLoader loader = new WeightLoader(weights, manager, source);
            VisionTower vision = new VisionTower(loader, config.vision(), config.projectionDim());
            TextTower text = new TextTower(loader, manager, config.text(), config.projectionDim(),
                    config.family());
            // CLIPModel stores log(scale); the reference multiplies cosines by exp(logit_scale)
            float logit = loader.logitScale((float) Math.log(1 / 0.07));
            loader.verify();
            ClipModel model = new ClipModel(config, dev, manager, vision, text, (float) Math.exp(logit));
            LOG.debug("CLIP model from {} on {}: {} weight arrays", source, dev, model.baselineArrays);
            return model;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The PyTorch engine, started offline from the bundled native library. */
    static Engine engine() {
        try {
            return Engine.getEngine(ENGINE);
        } catch (EngineException | IllegalArgumentException e) {
            throw new ModelLoadException("The PyTorch engine could not start (" + e.getMessage() + "): the "
                    + "pytorch-native jar for this platform must be on the classpath (cli/target/lib); rebuild "
                    + "with mvn package, or set -Dpytorch.native.classifier for your OS/CPU", e);
        }
    }

    public ClipConfig config() {
        return config;
    }

    public Device device() {
        return device;
    }

    @Override
    public String deviceName() {
        return device.toString();
    }

    /** {@code exp(logit_scale)}: the temperature applied to cosine similarities (100 for trained CLIPs). */
    @Override
    public float logitScale() {
        return logitScale;
    }

    @Override
    public int embeddingDimension() {
        return config.projectionDim();
    }

    /** Input side length in pixels. */
    @Override
    public int imageSize() {
        return config.vision().imageSize();
    }

    /**
     * Image embeddings (projected, not normalised) for preprocessed images.
     *
     * @param pixelsChw one {@code [3, size, size]} channel-first array per image
     */
    public float[][] encodeImages(float[][] pixelsChw) {
        int per = pixelsPerImage();
        float[] batch = new float[Math.multiplyExact(per, pixelsChw.length)];
        for (int i = 0; i < pixelsChw.length; i++) {
            if (pixelsChw[i].length != per) {
                throw new IllegalArgumentException("image " + i + " has " + pixelsChw[i].length + " values; this "
                        + "model takes 3×" + imageSize() + "×" + imageSize() + " = " + per);
            }
            System.arraycopy(pixelsChw[i], 0, batch, i * per, per);
        }
        return encodeImages(batch, pixelsChw.length);
    }

    /**
     * Image embeddings for {@code count} images laid out back to back, {@code [count, 3, size, size]}.
     */
    @Override
    public float[][] encodeImages(float[] batchChw, int count) {
        int per = pixelsPerImage();
        if (batchChw.length != (long) per * count) {
            throw new IllegalArgumentException(batchChw.length + " values for " + count + " images; this model "
                    + "takes " + per + " per image");
        }
        if (count == 0) {
            return new float[0][];
        }
        boolean callerGradMode = JniUtils.isGradMode();
        try (NDManager call = manager.newSubManager()) {
            JniUtils.setGradMode(false);
            int s = imageSize();
            NDArray pixels = call.create(batchChw, new Shape(count, 3, s, s));
            return rows(vision.forward(pixels), count);
        } finally {
            JniUtils.setGradMode(callerGradMode);
        }
    }

    /**
     * Text embeddings (projected, not normalised).
     *
     * @param ids token ids per text with start and end tokens, as the tokenizer returns them; trailing padding
     *            is allowed and ignored
     */
    @Override
    public float[][] encodeTexts(int[][] ids) {
        if (ids.length == 0) {
            return new float[0][];
        }
        boolean callerGradMode = JniUtils.isGradMode();
        try (NDManager call = manager.newSubManager()) {
            JniUtils.setGradMode(false);
            return rows(text.forward(ids, call), ids.length);
        } finally {
            JniUtils.setGradMode(callerGradMode);
        }
    }

    /**
     * Native arrays this model holds beyond its weights; 0 between calls. Lets tests (and a long-running
     * server's health check) prove that no intermediate array outlives its call.
     */
    public int liveIntermediateArrays() {
        return manager.getManagedArrays().size() - baselineArrays;
    }

    private int pixelsPerImage() {
        return 3 * imageSize() * imageSize();
    }

    private float[][] rows(NDArray matrix, int count) {
        float[] flat = matrix.toFloatArray();
        int dim = embeddingDimension();
        float[][] out = new float[count][dim];
        for (int i = 0; i < count; i++) {
            System.arraycopy(flat, i * dim, out[i], 0, dim);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
