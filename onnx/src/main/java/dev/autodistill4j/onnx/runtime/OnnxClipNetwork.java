package dev.autodistill4j.onnx.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.Closeables;
import dev.autodistill4j.metaclip.model.ClipEncoder;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The two exported CLIP graphs run in ONNX Runtime, behind the same {@link ClipEncoder} contract as the
 * PyTorch path. Text batches are cut to the longest pooled position, exactly as the PyTorch text tower does
 * (the causal mask makes the padding irrelevant), so short prompts cost short sequences.
 *
 * <p>ORT sessions are safe for concurrent {@code run} calls, so this class is too.
 */
public final class OnnxClipNetwork implements ClipEncoder {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OwnedSession image;
    private final OwnedSession text;
    private final int imageSize;
    private final int dimension;
    private final float logitScale;
    private final int contextLength;
    private final int vocabSize;
    private final int eosTokenId;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param settings threads and spin-waiting of both sessions (they never run at the same time in one call)
     */
    public OnnxClipNetwork(Path imageModel, Path textModel, OrtSettings settings, int imageSize, int dimension,
                           float logitScale, int contextLength, int vocabSize, int eosTokenId) {
        this(OnnxModelFile.read(imageModel), OnnxModelFile.read(textModel), settings, imageSize, dimension,
                logitScale, contextLength, vocabSize, eosTokenId);
    }

    /** Both graphs as checked by {@link OnnxModelFile}: ONNX Runtime loads exactly those bytes. */
    public OnnxClipNetwork(OnnxModelFile imageModel, OnnxModelFile textModel, OrtSettings settings, int imageSize,
                           int dimension, float logitScale, int contextLength, int vocabSize, int eosTokenId) {
        this.image = OrtSessions.open(imageModel, settings);
        try {
            this.text = OrtSessions.open(textModel, settings);
        } catch (RuntimeException e) {
            Closeables.closeAfterFailure(e, image);
            throw e;
        }
        this.imageSize = imageSize;
        this.dimension = dimension;
        this.logitScale = logitScale;
        this.contextLength = contextLength;
        this.vocabSize = vocabSize;
        this.eosTokenId = eosTokenId;
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    @Override
    public int embeddingDimension() {
        return dimension;
    }

    @Override
    public float logitScale() {
        return logitScale;
    }

    @Override
    public String deviceName() {
        return "cpu (ONNX Runtime)";
    }

    @Override
    public float[][] encodeImages(float[] batchChw, int count) {
        int per = 3 * imageSize * imageSize;
        if (batchChw.length != (long) per * count) {
            throw new IllegalArgumentException(batchChw.length + " values for " + count + " images; this model "
                    + "takes " + per + " per image");
        }
        if (count == 0) {
            return new float[0][];
        }
        long[] shape = {count, 3, imageSize, imageSize};
        try (OnnxTensor pixels = OnnxTensor.createTensor(env, FloatBuffer.wrap(batchChw), shape);
             OrtSession.Result r = image.run(Map.of("pixel_values", pixels))) {
            return (float[][]) r.get(0).getValue();
        } catch (OrtException e) {
            throw new Autodistill4jException("ONNX Runtime failed on the image encoder: " + e.getMessage(), e);
        }
    }

    @Override
    public float[][] encodeTexts(int[][] ids) {
        if (ids.length == 0) {
            return new float[0][];
        }
        int[] pool = new int[ids.length];
        int length = 1;
        for (int b = 0; b < ids.length; b++) {
            pool[b] = poolingPosition(ids[b], b);
            length = Math.max(length, pool[b] + 1);
        }
        long[] flat = new long[ids.length * length];
        for (int b = 0; b < ids.length; b++) {
            for (int i = 0; i <= pool[b]; i++) {
                flat[b * length + i] = ids[b][i];
            }
        }
        try (OnnxTensor tokens = OnnxTensor.createTensor(env, LongBuffer.wrap(flat), new long[] {ids.length, length});
             OrtSession.Result r = text.run(Map.of("input_ids", tokens))) {
            return (float[][]) r.get(0).getValue();
        } catch (OrtException e) {
            throw new Autodistill4jException("ONNX Runtime failed on the text encoder: " + e.getMessage(), e);
        }
    }

    /** First end-of-text token, else the highest id: where the graph (and the PyTorch path) pools. */
    private int poolingPosition(int[] row, int index) {
        if (row.length == 0 || row.length > contextLength) {
            throw new IllegalArgumentException("text " + index + " has " + row.length + " tokens; expected 1 to "
                    + contextLength + " (tokenize with the model's tokenizer, which truncates)");
        }
        int argmax = 0;
        for (int i = 0; i < row.length; i++) {
            if (row[i] < 0 || row[i] >= vocabSize) {
                throw new IllegalArgumentException("text " + index + " has token id " + row[i]
                        + " outside the vocabulary of " + vocabSize);
            }
            if (row[i] == eosTokenId) {
                return i;
            }
            if (row[i] > row[argmax]) {
                argmax = i;
            }
        }
        return argmax;
    }

    /** Closes both sessions (and their options), once; a failure of the first does not skip the second. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Closeables.closeAll("the ONNX CLIP graphs", image, text);
        }
    }
}
