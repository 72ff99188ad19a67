package dev.autodistill4j.metaclip.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch {@code torch.save} zip archives ({@code pytorch_model.bin}, OpenCLIP {@code epoch_N.pt}) without
 * Python and without executing anything: {@code <prefix>/data.pkl} goes through {@link RestrictedUnpickler},
 * tensors are served lazily from {@code <prefix>/data/<key>}.
 *
 * <p>The state dict is the top-level dict of tensors, or the dict under {@code state_dict} (OpenCLIP training
 * checkpoints), {@code model} or {@code model_state_dict}. Non-tensor entries are skipped.
 */
public final class TorchCheckpointReader {
    private static final Logger LOG = LoggerFactory.getLogger(TorchCheckpointReader.class);
    /** data.pkl of a state dict is kilobytes; refuse absurd sizes before allocating. */
    private static final long MAX_PICKLE_BYTES = 256L << 20;
    private static final List<String> NESTED_KEYS = List.of("state_dict", "model", "model_state_dict");

    private TorchCheckpointReader() {
    }

    /** Opens {@code file} and returns its tensors (names as stored). */
    public static StateDict open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("checkpoint file " + file + " does not exist or is not a regular file");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw notZip(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        try {
            String prefix = archivePrefix(file, zip);
            ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
            if (byteorder != null && !new String(read(file, zip, byteorder, 16)).trim().equals("little")) {
                throw new CheckpointException("checkpoint " + file + " was saved on a big-endian machine, which is"
                        + " not supported; re-save it on x86/ARM or convert it to safetensors");
            }
            byte[] pickle = read(file, zip, zip.getEntry(prefix + "data.pkl"), MAX_PICKLE_BYTES);
            Object top = RestrictedUnpickler.load(file, pickle);
            Map<String, RestrictedUnpickler.TensorRef> tensors = tensors(file, top, 0);
            return new TorchStateDict(file, zip, prefix + "data/", tensors);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static String archivePrefix(Path file, ZipFile zip) {
        List<String> pickles = new ArrayList<>();
        boolean torchScript = false;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            String name = en.nextElement().getName();
            int slash = name.indexOf('/');
            String rest = slash < 0 ? name : name.substring(slash + 1);
            if (rest.equals("data.pkl")) {
                pickles.add(name);
            }
            if (rest.equals("constants.pkl") || rest.startsWith("code/")) {
                torchScript = true;
            }
        }
        if (torchScript) {
            throw new CheckpointException(file + " is a TorchScript archive (such as OpenAI's original ViT-B-32.pt),"
                    + " not a state dict; use the Hugging Face (model.safetensors) or OpenCLIP checkpoint instead");
        }
        if (pickles.size() != 1) {
            throw new CheckpointException(file + " is a zip file but not a torch.save checkpoint (expected exactly"
                    + " one <archive>/data.pkl, found " + pickles + "); download it again");
        }
        String p = pickles.get(0);
        return p.substring(0, p.length() - "data.pkl".length());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, RestrictedUnpickler.TensorRef> tensors(Path file, Object top, int depth) {
        if (top instanceof Map<?, ?> m && depth < 4) { // a dict nested in itself must not recurse forever
            for (String key : NESTED_KEYS) {
                if (m.get(key) instanceof Map<?, ?> nested && !nested.isEmpty()) {
                    LOG.debug("{}: using the state dict under '{}'", file, key);
                    return tensors(file, nested, depth + 1);
                }
            }
            Map<String, RestrictedUnpickler.TensorRef> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<Object, Object>) m).entrySet()) {
                if (e.getKey() instanceof String name && e.getValue() instanceof RestrictedUnpickler.TensorRef t) {
                    out.put(name, t);
                } else {
                    LOG.debug("{}: skipping non-tensor entry {}", file, e.getKey());
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        throw new CheckpointException("checkpoint " + file + " holds no tensors: expected a state dict (a dict of"
                + " tensors, or one under 'state_dict'); is it a model checkpoint?");
    }

    static byte[] read(Path file, ZipFile zip, ZipEntry entry, long limit) {
        if (entry.getSize() > limit) {
            throw new CheckpointException("checkpoint " + file + ": archive entry " + entry.getName() + " is "
                    + entry.getSize() + " bytes, more than the " + limit + " allowed; the file is not a state dict");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] b = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8) + 1);
            if (b.length > limit) {
                throw new CheckpointException("checkpoint " + file + ": archive entry " + entry.getName()
                        + " is larger than the " + limit + " bytes allowed");
            }
            return b;
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + file + " is corrupt or truncated (" + entry.getName() + ": "
                    + e.getMessage() + "); download it again", e);
        }
    }

    private static CheckpointException notZip(Path file) {
        return new CheckpointException(file + " is not a zip-format torch.save checkpoint (older PyTorch"
                + " serialization or a damaged download). Re-save it with a current PyTorch or convert it to"
                + " safetensors, or download it again");
    }

    static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // closing a read-only zip cannot lose data
        }
    }
}
