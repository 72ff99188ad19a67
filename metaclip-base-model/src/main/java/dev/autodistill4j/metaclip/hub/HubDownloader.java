package dev.autodistill4j.metaclip.hub;

import dev.autodistill4j.api.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Downloads a Hugging Face CLIP repository's files into the local cache, safely.
 *
 * <p>Like {@code huggingface_hub}: a HEAD on {@code <endpoint>/<repo>/resolve/<rev>/<file>} (redirects not
 * followed) yields the file's identity — {@code X-Linked-Etag} (LFS files: their sha256) or {@code ETag} (small
 * files: their git blob sha1) — and, for LFS files, a redirect to the storage URL. The body goes to
 * {@code <file>.incomplete}; an interrupted transfer is resumed with an HTTP {@code Range} request (in the same
 * run, and by the next run if all attempts failed); the finished file is checked against the hub's hash and only
 * then renamed into place, so the cache never holds a partial or corrupted file under its real name.
 */
public final class HubDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(HubDownloader.class);
    /** Small files a CLIP repo carries besides its weights; any may be absent (defaults are used then). */
    static final List<String> SIDE_FILES = List.of("preprocessor_config.json", "vocab.json", "merges.txt",
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json");
    /** A sharded checkpoint's index; its {@code weight_map} names the shard files. */
    static final String SHARD_INDEX = "model.safetensors.index.json";
    /** Weights, in order of preference: safetensors needs no unpickling. */
    static final List<String> WEIGHTS = List.of("model.safetensors", "pytorch_model.bin");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final int ATTEMPTS = 4;
    private static final int MAX_REDIRECTS = 5;
    private static final java.util.concurrent.ConcurrentMap<Path, Object> IN_PROCESS_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final HubSettings settings;
    private final HttpClient http;

    public HubDownloader(HubSettings settings) {
        this(settings, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(20)).build());
    }

    HubDownloader(HubSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    public HubSettings settings() {
        return settings;
    }

    /** The cache folder of {@code repo} at {@code revision} (whether or not it is complete). */
    public Path cacheFolder(String repo, String revision) {
        checkRepo(repo);
        String rev = revision.replaceAll("[^A-Za-z0-9._-]", "_");
        return settings.cacheDir().resolve("hub").resolve(repo.replace("/", "--")).resolve(rev);
    }

    /**
     * Returns a folder holding {@code repo}'s config, weights and tokenizer files, downloading what is missing.
     * A complete cached folder is used as is, without network.
     */
    public Path fetch(String repo, String revision) {
        return fetch(repo, revision, new LoggingProgress());
    }

    /** As {@link #fetch(String, String)}, reporting downloaded bytes per file (task {@code "download <file>"}). */
    // the try-with-resources holds a lock/lease/poller for the block and never reads it
    @SuppressWarnings("try")
    public Path fetch(String repo, String revision, ProgressListener progress) {
        Path dir = cacheFolder(repo, revision);
        if (isComplete(dir)) {
            return dir;
        }
        if (settings.offline()) {
            throw new HubException("offline mode (AUTODISTILL4J_OFFLINE=1) and " + repo + "@" + revision
                    + " is not in the cache. " + byHand(repo, revision, dir));
        }
        try {
            Files.createDirectories(dir);
            // one downloader per folder at a time: threads queue on a monitor, processes on a file lock
            synchronized (IN_PROCESS_LOCKS.computeIfAbsent(dir, d -> new Object())) {
                try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS); // a planted link is never opened
                     FileLock ignored = lockFile.lock()) {
                    if (!isComplete(dir)) {
                        downloadAll(repo, revision, dir, progress);
                    }
                }
            }
            return dir;
        } catch (ConnectException | UnknownHostException | HttpConnectTimeoutException e) {
            throw new HubException("cannot reach " + settings.endpoint() + " (" + e + "). " + byHand(repo, revision, dir),
                    e);
        } catch (IOException e) {
            throw new HubException("cannot download " + repo + "@" + revision + " (" + e.getMessage() + "). "
                    + byHand(repo, revision, dir), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("download of " + repo + " interrupted; run again to resume", e);
        }
    }

    private void downloadAll(String repo, String revision, Path dir, ProgressListener progress)
            throws IOException, InterruptedException {
        download(repo, revision, "config.json", dir, true, progress);
        for (String f : SIDE_FILES) {
            download(repo, revision, f, dir, false, progress);
        }
        boolean weights = false;
        for (String f : weightCandidates(repo)) {
            if (f.equals(SHARD_INDEX) ? downloadShards(repo, revision, dir, progress)
                    : download(repo, revision, f, dir, false, progress)) {
                weights = true;
                break;
            }
        }
        if (!weights) {
            throw new HubException(repo + "@" + revision + " has none of " + weightCandidates(repo)
                    + "; it is not a CLIP model repository");
        }
    }

    /**
     * Weight files to try, in order. Meta's own hub repos also carry the original OpenCLIP checkpoint as
     * {@code metaclip_b32_400m.bin} (the repo name with underscores); some carry only that, so it is the last resort.
     */
    static List<String> weightCandidates(String repo) {
        String name = repo.substring(repo.indexOf('/') + 1).replace('-', '_') + ".bin";
        List<String> standard = List.of(WEIGHTS.get(0), SHARD_INDEX, WEIGHTS.get(1));
        return WEIGHTS.contains(name) ? standard : Stream.concat(standard.stream(), Stream.of(name)).toList();
    }

    /**
     * The shard index, then every shard it names (MetaCLIP 2's large checkpoints are sharded). The index is
     * renamed into place only after all shards are complete, so an interrupted download is never mistaken for a
     * complete folder; false when the repo has no index.
     */
    private boolean downloadShards(String repo, String revision, Path dir, ProgressListener progress)
            throws IOException, InterruptedException {
        Path staging = Files.createDirectories(dir.resolve(".index"));
        if (!download(repo, revision, SHARD_INDEX, staging, false, progress)) {
            return false;
        }
        for (String shard : ShardIndex.shardNames(staging.resolve(SHARD_INDEX))) {
            download(repo, revision, shard, dir, true, progress);
        }
        Files.move(staging.resolve(SHARD_INDEX), dir.resolve(SHARD_INDEX), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    static boolean isComplete(Path dir) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).anyMatch(n -> WEIGHTS.contains(n)
                    || n.equals(SHARD_INDEX) || (n.endsWith(".bin") && !n.endsWith(".incomplete")));
        } catch (IOException e) {
            return false;
        }
    }

    /** What to place where when the hub cannot be used. */
    String byHand(String repo, String revision, Path dir) {
        StringBuilder s = new StringBuilder("To install it by hand, download from ").append(settings.endpoint())
                .append('/').append(repo).append("/tree/").append(revision).append(" the files config.json, ")
                .append(String.join(", ", SIDE_FILES)).append(" that exist there and model.safetensors (or ")
                .append(SHARD_INDEX).append(" with every shard it names, or pytorch_model.bin) into ")
                .append(dir).append(" — or pass the path of a local model folder instead of a model name.");
        return s.toString();
    }

    private URI fileUri(String repo, String revision, String file) {
        return URI.create(settings.endpoint() + "/" + repo + "/resolve/"
                + URLEncoder.encode(revision, StandardCharsets.UTF_8) + "/" + file);
    }

    /** Downloads one file unless present; false when the hub has no such file and it is optional. */
    private boolean download(String repo, String revision, String file, Path dir, boolean required,
                             ProgressListener progress) throws IOException, InterruptedException {
        Path target = dir.resolve(file);
        if (Files.isRegularFile(target)) {
            return true;
        }
        URI uri = fileUri(repo, revision, file);
        HttpResponse<Void> head = headFollowingRelativeRedirects(uri);
        int status = head.statusCode();
        if (status == 404) {
            if (required) {
                throw new HubException(repo + " has no " + file + " at revision " + revision + " (" + uri
                        + "): check the repository name and revision");
            }
            LOG.debug("{}@{} has no {}", repo, revision, file);
            return false;
        }
        if (status == 401 || status == 403) {
            throw new HubException(uri + " answered " + status + ": the repository is private or gated. Accept its"
                    + " licence on the hub and set HF_TOKEN, or " + byHand(repo, revision, dir));
        }
        URI location = uri;
        if (status / 100 == 3) {
            location = uri.resolve(head.headers().firstValue("Location").orElseThrow(() ->
                    new HubException(uri + " redirected without a Location header")));
        } else if (status != 200) {
            throw new HubException(uri + " answered HTTP " + status + "; try again later, or " + byHand(repo, revision,
                    dir));
        }
        String expected = normalizeEtag(head.headers().firstValue("X-Linked-Etag")
                .orElse(head.headers().firstValue("ETag").orElse("")));
        long expectedSize = head.headers().firstValueAsLong("X-Linked-Size").orElse(-1);
        Path part = dir.resolve(file + ".incomplete");
        LOG.info("downloading {} from {}", file, uri);
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                transfer(location, part, "download " + file, expectedSize, progress);
                last = null;
                break;
            } catch (IOException e) {
                last = e;
                LOG.warn("download of {} interrupted after {} bytes ({}); resuming (attempt {}/{})", file,
                        Files.exists(part) ? Files.size(part) : 0, e.toString(), attempt, ATTEMPTS);
            }
        }
        progress.finished("download " + file);
        if (last != null) {
            throw new HubException("download of " + uri + " failed " + ATTEMPTS + " times (" + last + "); the partial"
                    + " file " + part + " is kept and the next run resumes it", last);
        }
        if (expectedSize >= 0 && Files.size(part) != expectedSize) {
            long got = Files.size(part);
            Files.deleteIfExists(part);
            throw new HubException("downloaded " + uri + " but got " + got + " bytes while the hub says " + expectedSize
                    + ": the download was corrupted and has been deleted. Run again to download it anew.");
        }
        verify(uri, part, expected);
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /**
     * HEAD, following only relative (same-host) redirects, as {@code huggingface_hub} does: those are repository
     * renames; an absolute redirect is the LFS storage URL, whose response would lose the hub's hash headers.
     */
    private HttpResponse<Void> headFollowingRelativeRedirects(URI uri) throws IOException, InterruptedException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            HttpResponse<Void> head = http.send(request(current).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
            String location = head.headers().firstValue("Location").orElse(null);
            boolean relative = location != null && URI.create(location).getHost() == null;
            if (head.statusCode() / 100 != 3 || !relative || hop >= MAX_REDIRECTS
                    || head.headers().firstValue("X-Linked-Etag").isPresent()) {
                return head;
            }
            current = current.resolve(location);
        }
    }

    /** GETs {@code uri} into {@code part}, resuming from its current length when the server honours Range. */
    private void transfer(URI uri, Path part, String task, long expectedSize, ProgressListener progress)
            throws IOException, InterruptedException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder req = request(current).GET();
            if (have > 0) {
                req.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = resp.statusCode();
            if (status / 100 == 3 && resp.headers().firstValue("Location").isPresent()) {
                resp.body().close();
                current = current.resolve(resp.headers().firstValue("Location").get());
                continue;
            }
            if (status == 416) {
                // our partial is not a prefix the server recognises: start again
                resp.body().close();
                Files.deleteIfExists(part);
                throw new IOException("server refused to resume at byte " + have);
            }
            if (status != 200 && status != 206) {
                resp.body().close();
                throw new HubException(current + " answered HTTP " + status + " to a download request");
            }
            boolean append = status == 206;
            long done = append ? have : 0;
            long total = expectedSize >= 0 ? expectedSize
                    : resp.headers().firstValueAsLong("Content-Length").stream().map(n -> n + (append ? have : 0))
                    .findFirst().orElse(-1L);
            try (InputStream in = resp.body();
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
                         LinkOption.NOFOLLOW_LINKS)) { // never appends to a link's target
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    done += n;
                    progress.update(task, done, total);
                }
            }
            return;
        }
        throw new HubException(uri + " redirected more than " + MAX_REDIRECTS + " times");
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .header("User-Agent", "autodistill4j");
        if (settings.token() != null) {
            b.header("Authorization", "Bearer " + settings.token());
        }
        return b;
    }

    /** LFS files: etag = sha256 of the content; small files: git blob sha1. Anything else cannot be checked. */
    private static void verify(URI uri, Path part, String expected) throws IOException {
        String actual;
        String kind;
        if (SHA256.matcher(expected).matches()) {
            kind = "sha256";
            actual = digest(part, "SHA-256", null);
        } else if (SHA1.matcher(expected).matches()) {
            kind = "git blob sha1";
            actual = digest(part, "SHA-1", ("blob " + Files.size(part) + "\0").getBytes(StandardCharsets.US_ASCII));
        } else {
            LOG.debug("{}: hub etag '{}' is not a content hash; not verified", uri, expected);
            return;
        }
        if (!actual.equals(expected)) {
            Files.deleteIfExists(part);
            throw new HubException("downloaded " + uri + " but its " + kind + " is " + actual + " while the hub says "
                    + expected + ": the download was corrupted and has been deleted. Run again to download it anew.");
        }
    }

    static String digest(Path file, String algorithm, byte[] prefix) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            if (prefix != null) {
                md.update(prefix);
            }
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is always available in the JDK", e);
        }
    }

    static String normalizeEtag(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }

    /** Default progress: an INFO log line per tenth of each file, so CLI users see a large download advance. */
    private static final class LoggingProgress implements ProgressListener {
        private long lastTenth = -1;

        @Override
        public void update(String task, long done, long total) {
            if (total <= 0) {
                return;
            }
            long tenth = done * 10 / total;
            if (tenth != lastTenth) {
                lastTenth = tenth;
                LOG.info("{}: {} / {} MB ({}%)", task, done >> 20, total >> 20, tenth * 10);
            }
        }

        @Override
        public void finished(String task) {
            lastTenth = -1;
        }
    }

    static void checkRepo(String repo) {
        if (!REPO.matcher(repo).matches() || repo.contains("..")) {
            throw new HubException("'" + repo + "' is not a Hugging Face repository id: expected <org>/<name>, e.g."
                    + " facebook/metaclip-b32-400m");
        }
    }
}
