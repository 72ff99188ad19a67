package dev.autodistill4j.bench.clip;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.metaclip.MetaclipModel;
import dev.autodistill4j.metaclip.model.ClipEncoder;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;
import dev.autodistill4j.onnx.OnnxClipModel;

/**
 * One network that {@code bench} measures, whatever engine runs it: its label, its checkpoint family, the
 * {@link ClipEncoder}, the preprocessing its images need, its own tokenizer (null: CLIP's BPE), and what to
 * close afterwards
 * ({@code release}: a {@code Runnable}, so closing the target throws no checked exception).
 */
record BenchTarget(String label, String engine, String family, ClipEncoder encoder,
                   ClipImagePreprocessor preprocessor, TextTokenizer tokenizer, Runnable release)
        implements AutoCloseable {

    /** A loaded metaclip or onnx model. */
    static BenchTarget of(String label, BaseModel m) {
        if (m instanceof MetaclipModel mc) {
            return new BenchTarget(label, "DJL PyTorch", mc.network().config().family().modelType(), mc.network(),
                    mc.preprocessor(), mc.tokenizer(), m::close);
        }
        if (m instanceof OnnxClipModel oc) {
            String precision = String.valueOf(oc.info().details().get("precision"));
            return new BenchTarget(label, "ONNX Runtime " + precision, "clip", oc.network(), oc.preprocessor(),
                    oc.tokenizer(), m::close);
        }
        m.close();
        throw new Autodistill4jException("bench measures CLIP networks: `model` " + label + " is neither a metaclip "
                + "nor an onnx model; use `model` metaclip:<checkpoint> or `model` onnx:<export folder>");
    }

    @Override
    public void close() {
        release.run();
    }
}
