package dev.autodistill4j.metaclip.checkpoint;

import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TorchCheckpointReaderTest {
    @TempDir
    Path dir;

    /** Writes pickle opcodes by hand, as Python's pickler (protocol 2) would. */
    static final class Pickle {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        Pickle shortStr(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op(0x8c, b.length);
            out.writeBytes(b);
            return this;
        }

        Pickle integer(int v) {
            return op('K', v);
        }

        /** {@code key: _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())} inside a dict. */
        Pickle tensor(String key, String storageType, String storageKey, int numel, int offset, int[] size,
                      int[] stride) {
            str(key).global("torch._utils", "_rebuild_tensor_v2").op('(');
            op('(').str("storage").global("torch", storageType).str(storageKey).str("cpu").integer(numel).op('t');
            op('Q').integer(offset).op('(');
            for (int s : size) {
                integer(s);
            }
            op('t', '(');
            for (int s : stride) {
                integer(s);
            }
            op('t', 0x89).global("collections", "OrderedDict").op(')', 'R', 't', 'R');
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream fo = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(fo)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    private static byte[] halves(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            // exact for the small integers used here
            int bits = Float.floatToIntBits(v);
            int exp = ((bits >>> 23) & 0xff) - 127 + 15;
            b.putShort(v == 0 ? 0 : (short) (((bits >>> 16) & 0x8000) | (exp << 10) | ((bits >>> 13) & 0x3ff)));
        }
        return b.array();
    }

    @Test
    void readsFixtureArchivesWithTheirOwnPrefixFolders() {
        try (StateDict bin = TorchCheckpointReader.open(Fixtures.resolve("clip/tiny-clip-bin/pytorch_model.bin"));
             StateDict pt = TorchCheckpointReader.open(Fixtures.resolve("clip/tiny-clip-openclip/epoch_1.pt"))) {
            assertThat(bin.info("text_model.embeddings.position_ids").dtype()).isEqualTo(TensorDType.I64);
            assertThat(bin.info("text_model.embeddings.position_ids").shape()).containsExactly(1, 77);
            // the OpenCLIP checkpoint is {'epoch', 'name', 'state_dict'}: the tensors come from 'state_dict'
            assertThat(pt.names()).allMatch(n -> n.startsWith("module."));
            assertThat(pt.info("module.visual.proj").shape()).containsExactly(128, 32);
            assertThat(pt.info("module.visual.transformer.resblocks.0.attn.in_proj_weight").shape())
                    .containsExactly(384, 128);
        }
    }

    @Test
    void gathersNonContiguousHalfTensorsFromAnyArchivePrefix() throws IOException {
        byte[] pkl = new Pickle().op(0x80, 2).op('}', '(')
                .tensor("w", "HalfStorage", "0", 6, 0, new int[]{2, 3}, new int[]{1, 2})
                .tensor("tail", "HalfStorage", "0", 6, 4, new int[]{2}, new int[]{1})
                .op('u', '.').bytes();
        Path file = zip("weird.pt", Map.of("some_other_name/data.pkl", pkl,
                "some_other_name/data/0", halves(0, 1, 2, 3, 4, 5)));
        try (StateDict sd = TorchCheckpointReader.open(file)) {
            assertThat(sd.info("w").dtype()).isEqualTo(TensorDType.F16);
            // w is the transpose of the 3×2 row-major storage: w[i][j] = storage[i + 2j]
            assertThat(sd.floats("w")).containsExactly(0, 2, 4, 1, 3, 5);
            assertThat(sd.floats("tail")).containsExactly(4, 5);
        }
    }

    @Test
    void acceptsWhatTransformersAndOpenClipWriteAroundTheTensors() throws IOException {
        // OrderedDict() REDUCE, items, then BUILD with {'_metadata': {...}} as torch's state_dict() pickles;
        // a Parameter wrapper; an optimizer-like entry with floats, tuples, None and int keys next to the state dict
        Pickle p = new Pickle().op(0x80, 2).op('}', '(').str("state_dict")
                .global("collections", "OrderedDict").op(')', 'R', '(')
                .tensor("a", "FloatStorage", "0", 2, 0, new int[]{2}, new int[]{1})
                .str("b").global("torch._utils", "_rebuild_parameter").op('(');
        p.global("torch._utils", "_rebuild_tensor_v2").op('(')
                .op('(').str("storage").global("torch", "FloatStorage").str("1").str("cuda:0").integer(3).op('t', 'Q')
                .integer(0).integer(3).op(0x85).integer(1).op(0x85, 0x89).global("collections", "OrderedDict")
                .op(')', 'R', 't', 'R');
        p.op(0x88).global("collections", "OrderedDict").op(')', 'R', 't', 'R');
        p.op('u', '}').str("_metadata").op('}', 's', 'b');
        p.str("optimizer").op('}').str("param_groups").op(']', '}').str("lr").op('G');
        p.out.writeBytes(ByteBuffer.allocate(8).putDouble(1e-4).array());
        p.op('s').str("betas").op('G');
        p.out.writeBytes(ByteBuffer.allocate(8).putDouble(0.9).array());
        p.op('G');
        p.out.writeBytes(ByteBuffer.allocate(8).putDouble(0.98).array());
        p.op(0x86, 's').str("foreach").op('N', 's', 'a', 's').integer(7).op('N', 's', 'u', '.');
        byte[] pkl = p.bytes();
        ByteBuffer data0 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
        ByteBuffer data1 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(3f).putFloat(4f)
                .putFloat(5f);
        Path file = zip("train.pt", Map.of("epoch_3/data.pkl", pkl, "epoch_3/data/0", data0.array(),
                "epoch_3/data/1", data1.array()));
        try (StateDict sd = TorchCheckpointReader.open(file)) {
            assertThat(sd.names()).containsExactly("a", "b");
            assertThat(sd.floats("a")).containsExactly(1.5f, -2f);
            assertThat(sd.floats("b")).containsExactly(3f, 4f, 5f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python-pickler-protocol2.pt", "python-pickler-protocol4.pt"})
    void readsWhatCPythonsOwnPicklerWrites(String resource) throws Exception {
        Path file = Path.of(getClass().getResource("/torch-pickles/" + resource).toURI());
        try (StateDict sd = TorchCheckpointReader.open(file)) {
            assertThat(sd.names()).containsExactly("module.w", "module.wt", "module.p");
            assertThat(sd.floats("module.w")).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(sd.floats("module.wt")).containsExactly(0, 3, 1, 4, 2, 5); // stride (1, 3): a transpose
            assertThat(sd.info("module.p").dtype()).isEqualTo(TensorDType.F16);
            assertThat(sd.floats("module.p")).containsExactly(1.5f, -2f, 0.25f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"os system", "posix system", "builtins eval", "__builtin__ getattr",
            "subprocess Popen", "torch load", "collections defaultdict"})
    void refusesEveryNonWhitelistedGlobalWithoutRunningIt(String global) throws IOException {
        String[] parts = global.split(" ");
        Path marker = dir.resolve("pwned");
        byte[] pkl = new Pickle().op(0x80, 2).global(parts[0], parts[1]).str("touch " + marker).op(0x85, 'R', '.')
                .bytes();
        Path file = zip("evil.bin", Map.of("archive/data.pkl", pkl));
        assertThatThrownBy(() -> TorchCheckpointReader.open(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'" + parts[0] + "." + parts[1] + "'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("nothing was executed");
        assertThat(marker).doesNotExist();
    }

    @Test
    void refusesStackGlobalAndCodeOpcodes() throws IOException {
        byte[] stackGlobal = new Pickle().op(0x80, 4).shortStr("os").shortStr("system").op(0x93)
                .shortStr("id").op(0x85, 'R', '.').bytes();
        Path a = zip("a.pt", Map.of("a/data.pkl", stackGlobal));
        assertThatThrownBy(() -> TorchCheckpointReader.open(a)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'os.system'");
        byte[] inst = "(S'id'\nios\nsystem\n.".getBytes(StandardCharsets.US_ASCII);
        Path b = zip("b.pt", Map.of("b/data.pkl", inst));
        assertThatThrownBy(() -> TorchCheckpointReader.open(b)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("opcode").hasMessageContaining("cannot run code");
        // a whitelisted name cannot smuggle a call either: calling a tensor/storage type is refused
        byte[] callStorage = new Pickle().op(0x80, 2).global("torch", "FloatStorage").op(')', 'R', '.').bytes();
        Path c = zip("c.pt", Map.of("c/data.pkl", callStorage));
        assertThatThrownBy(() -> TorchCheckpointReader.open(c)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("call");
    }

    @Test
    void refusesSelfReferencesThatWouldNeverEnd() throws IOException {
        // d = {}; d['state_dict'] = d
        byte[] selfDict = new Pickle().op(0x80, 2).op('}', 'q', 0).str("state_dict").op('h', 0, 's', '.').bytes();
        Path a = zip("self.pt", Map.of("a/data.pkl", selfDict));
        assertThatThrownBy(() -> TorchCheckpointReader.open(a)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("holds no tensors");
        // l = []; l.append(l); {l: 1}  — an unhashable, self-containing key
        byte[] listKey = new Pickle().op(0x80, 2).op('}', ']', 'q', 1, 'h', 1, 'a').integer(1).op('s', '.').bytes();
        Path b = zip("key.pt", Map.of("b/data.pkl", listKey));
        assertThatThrownBy(() -> TorchCheckpointReader.open(b)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("as a dict key");
        // a rebuild call with None where the offset belongs
        byte[] noneOffset = new Pickle().op(0x80, 2).op('}', '(').str("w")
                .global("torch._utils", "_rebuild_tensor_v2").op('(', '(').str("storage")
                .global("torch", "FloatStorage").str("0").str("cpu").integer(1).op('t', 'Q', 'N', ')', ')', 0x89, 'N',
                        't', 'R', 'u', '.').bytes();
        Path c = zip("none.pt", Map.of("c/data.pkl", noneOffset, "c/data/0", new byte[4]));
        assertThatThrownBy(() -> TorchCheckpointReader.open(c)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("malformed pickle");
    }

    @Test
    void refusesDamagedArchives() throws IOException {
        Path notZip = Files.write(dir.resolve("legacy.bin"), new byte[]{(byte) 0x80, 2, (byte) 0x8a, 10});
        assertThatThrownBy(() -> TorchCheckpointReader.open(notZip)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("not a zip-format torch.save checkpoint");
        byte[] pkl = new Pickle().op(0x80, 2).op('}', '(')
                .tensor("w", "FloatStorage", "7", 4, 0, new int[]{4}, new int[]{1}).op('u', '.').bytes();
        Path missing = zip("missing.pt", Map.of("x/data.pkl", pkl));
        assertThatThrownBy(() -> TorchCheckpointReader.open(missing)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor 'w'").hasMessageContaining("missing from the archive");
        Path shortStorage = zip("short.pt", Map.of("x/data.pkl", pkl, "x/data/7", new byte[8]));
        assertThatThrownBy(() -> TorchCheckpointReader.open(shortStorage)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor 'w'").hasMessageContaining("should hold 16");
        byte[] outside = new Pickle().op(0x80, 2).op('}', '(')
                .tensor("w", "FloatStorage", "0", 4, 2, new int[]{4}, new int[]{1}).op('u', '.').bytes();
        Path view = zip("view.pt", Map.of("x/data.pkl", outside, "x/data/0", new byte[16]));
        assertThatThrownBy(() -> TorchCheckpointReader.open(view)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("reaches element 5 of a storage with 4");
        byte[] truncated = java.util.Arrays.copyOf(pkl, pkl.length / 2);
        Path cut = zip("cut.pt", Map.of("x/data.pkl", truncated));
        assertThatThrownBy(() -> TorchCheckpointReader.open(cut)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("corrupt or truncated");
        Path script = zip("script.pt", Map.of("m/data.pkl", pkl, "m/constants.pkl", new byte[1]));
        assertThatThrownBy(() -> TorchCheckpointReader.open(script)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("TorchScript");
    }
}
