package dev.autodistill4j.metaclip.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads a CLIP checkpoint in any layout users meet and presents it in one canonical form.
 *
 * <p>Accepted: a Hugging Face {@code CLIPModel} folder ({@code config.json} + {@code model.safetensors} or
 * {@code pytorch_model.bin}, optional {@code preprocessor_config.json}, {@code vocab.json}, {@code merges.txt});
 * an OpenCLIP / MetaCLIP training checkpoint ({@code .pt}, with or without {@code model_config.json} beside it);
 * a Hugging Face {@code MetaClip2Model} folder (MetaCLIP 2 worldwide: {@code tokenizer.json} instead of the BPE
 * files; see {@link ModelFamily}); sharded weights ({@code *.index.json} and its shards);
 * or any of those weight files given directly. OpenAI-named tensors are exposed under Hugging Face names through
 * a lazy view. The architecture comes from the config beside the weights, or is inferred from shapes; the
 * weights are then checked against it and every mismatch is reported at once.
 */
public final class ClipCheckpointLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ClipCheckpointLoader.class);
    private static final List<String> WEIGHT_EXTENSIONS = List.of(".safetensors", ".bin", ".pt", ".pth", ".ckpt");

    private ClipCheckpointLoader() {
    }

    /** Loads a checkpoint folder or weights file. */
    public static ClipCheckpoint load(Path fileOrDir) {
        Path path = fileOrDir.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new CheckpointException("checkpoint " + path + " does not exist: give a Hugging Face CLIP folder,"
                    + " a .safetensors/.bin/.pt file, or a model reference such as 'metaclip'");
        }
        Path weightsFile = Files.isDirectory(path) ? findWeights(path) : path;
        Path dir = weightsFile.getParent();
        StateDict weights = openWeights(weightsFile);
        try {
            ClipConfig config;
            Path hfConfig = dir.resolve("config.json");
            Path openClipConfig = Files.isRegularFile(dir.resolve("model_config.json"))
                    ? dir.resolve("model_config.json") : dir.resolve("open_clip_config.json");
            boolean openAi = OpenAiNames.isOpenAiLayout(weights.names());
            if (openAi) {
                weights = OpenAiNames.toHuggingFace(weights);
            }
            if (Files.isRegularFile(hfConfig) && ConfigFiles.read(hfConfig).has("vision_config")) {
                config = ConfigFiles.readHfConfig(hfConfig, familyByLayout(dir));
            } else if (Files.isRegularFile(openClipConfig)) {
                config = ConfigFiles.readOpenClipConfig(openClipConfig);
            } else if (familyByLayout(dir) == ModelFamily.METACLIP_2) {
                throw new CheckpointException(dir + " holds MetaCLIP 2 weights and tokenizer.json but no config.json:"
                        + " its eos_token_id and per-tower activations cannot be inferred from shapes. Place the"
                        + " checkpoint's config.json beside the weights.");
            } else {
                config = ArchitectureInference.infer(weightsFile, weights);
                LOG.info("{} has no config file beside it; architecture inferred from tensor shapes: {}",
                        weightsFile, config);
            }
            ClipTensorLayout.validate(weightsFile, weights, config);
            Path preprocessorFile = dir.resolve("preprocessor_config.json");
            PreprocessorConfig preprocess = Files.isRegularFile(preprocessorFile)
                    ? ConfigFiles.readPreprocessor(preprocessorFile, config.vision().imageSize())
                    : Files.isRegularFile(openClipConfig)
                    ? ConfigFiles.readOpenClipPreprocess(openClipConfig, config.vision().imageSize())
                    : PreprocessorConfig.clipDefaults(config.vision().imageSize());
            Path vocab = dir.resolve("vocab.json");
            Path merges = dir.resolve("merges.txt");
            boolean tokenizer = Files.isRegularFile(vocab) && Files.isRegularFile(merges);
            Path tokenizerJson = config.family() == ModelFamily.METACLIP_2 ? metaclip2Tokenizer(dir) : null;
            return new ClipCheckpoint(weightsFile, sha256(weightsFile), config, weights, preprocess,
                    tokenizer ? vocab : null, tokenizer ? merges : null, tokenizerJson);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /**
     * A config.json that names no family is MetaCLIP 2 when the folder carries a Hugging Face
     * {@code tokenizer.json} but no CLIP BPE files ({@code vocab.json} + {@code merges.txt}): CLIP folders carry
     * those or nothing (the bundled BPE), MetaCLIP 2 folders only the sentencepiece {@code tokenizer.json}.
     */
    static ModelFamily familyByLayout(Path dir) {
        boolean bpe = Files.isRegularFile(dir.resolve("vocab.json")) && Files.isRegularFile(dir.resolve("merges.txt"));
        return !bpe && Files.isRegularFile(dir.resolve("tokenizer.json")) ? ModelFamily.METACLIP_2 : ModelFamily.CLIP;
    }

    /**
     * The MetaCLIP 2 worldwide tokenizer of {@code dir}. The mT5-tokenizer MetaCLIP 2 variants are refused: their
     * tokenizer and pooling have not been checked against a reference here.
     */
    private static Path metaclip2Tokenizer(Path dir) {
        Path tokenizerJson = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new CheckpointException(dir + " is a MetaCLIP 2 checkpoint without tokenizer.json: place the "
                    + "checkpoint's own tokenizer.json (and tokenizer_config.json) beside config.json");
        }
        String cls = dev.autodistill4j.metaclip.tokenizer.HfTokenizerFiles.tokenizerClass(dir);
        if (cls.toLowerCase(Locale.ROOT).contains("t5")) {
            throw new CheckpointException(dir + " is a MetaCLIP 2 checkpoint with an mT5 tokenizer (" + cls + "),"
                    + " which is not supported; use a facebook/metaclip-2-worldwide-* checkpoint (XLM-V tokenizer)");
        }
        return tokenizerJson;
    }

    /** Opens a weights file (or a sharded index) by its format, strips a DataParallel {@code module.} prefix. */
    static StateDict openWeights(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        StateDict raw = name.endsWith(".index.json") ? ShardedStateDict.open(file, ClipCheckpointLoader::openShard)
                : openShard(file);
        boolean prefixed = !raw.names().isEmpty() && raw.names().stream().allMatch(n -> n.startsWith("module."));
        return prefixed ? OpenAiNames.stripPrefix(raw, "module.") : raw;
    }

    private static StateDict openShard(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".safetensors") ? SafetensorsReader.open(file) : TorchCheckpointReader.open(file);
    }

    /**
     * The weights file {@link #load} reads for {@code path} (a folder's standard file, or {@code path} itself),
     * without reading it: what caches keyed by the checkpoint (e.g. ONNX exports) hash.
     */
    public static Path weightsFile(Path path) {
        return Files.isDirectory(path) ? findWeights(path) : path;
    }

    private static Path findWeights(Path dir) {
        for (String standard : List.of("model.safetensors", "pytorch_model.bin", "open_clip_pytorch_model.bin",
                "open_clip_model.safetensors")) {
            if (Files.isRegularFile(dir.resolve(standard))) {
                return dir.resolve(standard);
            }
        }
        for (String index : List.of("model.safetensors.index.json", "pytorch_model.bin.index.json")) {
            if (Files.isRegularFile(dir.resolve(index))) {
                return dir.resolve(index);
            }
        }
        List<Path> candidates;
        try (Stream<Path> s = Files.list(dir)) {
            candidates = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return WEIGHT_EXTENSIONS.stream().anyMatch(n::endsWith);
            }).sorted().toList();
        } catch (IOException e) {
            throw new CheckpointException("cannot list checkpoint folder " + dir + ": " + e.getMessage(), e);
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new CheckpointException("no weights found in " + dir + ": expected model.safetensors or "
                    + "pytorch_model.bin (Hugging Face) or one OpenCLIP .pt file; download the model again or point"
                    + " at the weights file");
        }
        throw new CheckpointException(dir + " holds several weight files " + candidates.stream()
                .map(p -> p.getFileName().toString()).toList() + "; point at the one to use");
    }

    /**
     * Hex sha256 of a file, for provenance; for a sharded index, of its shards' bytes one after another (in
     * file-name order), which identifies the weights whatever the index's formatting.
     */
    public static String sha256(Path file) {
        List<Path> parts = file.getFileName().toString().endsWith(".index.json")
                ? ShardedStateDict.shardFiles(file) : List.of(file);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (Path part : parts) {
                try (InputStream in = Files.newInputStream(part)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                } catch (IOException e) {
                    throw new CheckpointException("cannot read " + part + " to checksum it: " + e.getMessage(), e);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available in the JDK", e);
        }
    }
}
