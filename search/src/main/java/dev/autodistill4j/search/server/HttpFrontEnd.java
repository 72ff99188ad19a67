package dev.autodistill4j.search.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A small HTTP/1.1 server that a slow or hostile client cannot stall: one thread does all socket I/O without
 * blocking (accept, read the request, write the response), with a deadline for each phase; only complete
 * requests go to a bounded pool of workers, or, when they decode images, to a smaller {@link DecodeLane} shared
 * fairly between clients, so that cheap requests keep moving. The JDK's {@code com.sun.net.httpserver} reads
 * request headers on its worker threads, so four clients that send half a request froze a four-thread server,
 * and its only timeouts are JVM-wide system properties read once at class loading.
 *
 * <p>One request per connection ({@code Connection: close}); malformed, oversized or late requests get a JSON
 * error and are closed (malformed ones as soon as the bad byte or request line arrives). Which connections are
 * kept when a new one arrives is {@link ConnectionPolicy}'s call. The handler must return a response; it is called
 * on a worker or decoder thread.
 */
final class HttpFrontEnd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontEnd.class);
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_DRAIN = 1 << 20;

    private final ServerLimits limits;
    private final Function<HttpRequest, HttpResponse> handler;
    private final Predicate<HttpRequest> decodes;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final ThreadPoolExecutor workers;
    private final DecodeLane decoders;
    private final ConnectionPolicy connections;
    private final ConcurrentLinkedQueue<Runnable> fromWorkers = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
    private final Thread loop;
    private volatile boolean running = true;
    private long bodyBytesReserved;

    /** @param decodes which requests decode images: they are answered by the decoders, not the workers */
    HttpFrontEnd(InetSocketAddress address, ServerLimits limits, Function<HttpRequest, HttpResponse> handler,
                 Predicate<HttpRequest> decodes) throws IOException {
        this.limits = limits;
        this.handler = handler;
        this.decodes = decodes;
        this.connections = new ConnectionPolicy(limits);
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address, 128);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            selector.close();
            throw e;
        }
        this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.queue()), r -> daemon(r, "search-http-worker"));
        this.decoders = new DecodeLane(limits.decoders(), limits.decodeQueuePerClient(), limits.queue(),
                "search-http-decoder");
        this.loop = daemon(this::run, "search-http-io");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        loop.start();
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select(200);
                Runnable r;
                while ((r = fromWorkers.poll()) != null) {
                    r.run();
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    serve(key);
                }
                expire();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("the search server's I/O loop stopped", e);
        }
    }

    private void serve(SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isAcceptable()) {
                accept();
            } else if (key.isReadable()) {
                read(key);
            } else if (key.isWritable()) {
                write(key);
            }
        } catch (HttpError e) {
            respond(key, HttpResponse.error(e.status, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("connection dropped", e);
            close(key);
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetAddress client = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
            ConnectionPolicy.Decision decision = connections.admit(client, selector.keys());
            if (decision.evict() != null) {
                LOG.debug("closing an idle connection of {} for a new one of {}",
                        ((Connection) decision.evict().attachment()).client, client);
                close(decision.evict());
            }
            Connection c = new Connection(client);
            c.deadline = c.accepted + limits.headerTimeout().toNanos();
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ, c);
            connections.opened(client);
            if (!decision.admit()) {
                respond(key, HttpResponse.error(503, "too many connections from this address, all busy; "
                        + "try again shortly").withHeader("Retry-After", "1"));
            }
        }
    }

    private void read(SelectionKey key) throws IOException {
        Connection c = (Connection) key.attachment();
        readBuffer.clear();
        int n = ((SocketChannel) key.channel()).read(readBuffer);
        if (n < 0) {
            close(key); // the client gave up (or, when draining, finished)
            return;
        }
        readBuffer.flip();
        c.lastActive = System.nanoTime();
        if (c.phase == Connection.Phase.DRAINING) {
            c.drained += n;
            if (c.drained > MAX_DRAIN) {
                close(key);
            }
            return;
        }
        if (c.phase == Connection.Phase.HEAD) {
            readHead(key, c);
        } else if (c.phase == Connection.Phase.BODY) {
            c.body.write(readBuffer.array(), readBuffer.position(), readBuffer.remaining());
        }
        if (c.phase == Connection.Phase.BODY && c.body.size() >= c.declared) {
            dispatch(key, c);
        }
    }

    private void readHead(SelectionKey key, Connection c) {
        int before = c.head.size();
        c.head.write(readBuffer.array(), readBuffer.position(), readBuffer.remaining());
        byte[] bytes = c.head.toByteArray();
        int end = indexOfBlankLine(bytes, Math.max(0, before - 3));
        RequestHead.checkBytes(bytes, Math.max(0, before - 1), end < 0 ? bytes.length : end + 4);
        checkRequestLine(c, bytes, before);
        if (end < 0) {
            if (bytes.length > limits.maxHeaderBytes()) {
                throw new HttpError(431, "the request head is larger than " + limits.maxHeaderBytes() + " bytes");
            }
            return;
        }
        if (end > limits.maxHeaderBytes()) {
            throw new HttpError(431, "the request head is larger than " + limits.maxHeaderBytes() + " bytes");
        }
        c.request = RequestHead.parse(bytes, end);
        c.declared = c.request.contentLength();
        if (c.declared > limits.maxBody()) {
            throw new HttpError(413, "the upload is larger than " + (limits.maxBody() >> 20) + " MiB");
        }
        if (bodyBytesReserved + c.declared > limits.bodyBudget()) {
            throw new HttpError(503, "too many uploads at once; try again shortly");
        }
        bodyBytesReserved += c.declared;
        c.reserved = c.declared;
        c.body = new ByteArrayOutputStream((int) Math.min(c.declared, 64 * 1024));
        c.body.write(bytes, end + 4, Math.min(bytes.length - end - 4, (int) c.declared));
        c.phase = Connection.Phase.BODY;
        c.deadline = c.accepted + limits.requestTimeout().toNanos();
    }

    /** Refuses a bad request line once it is complete, rather than at the header deadline. */
    private static void checkRequestLine(Connection c, byte[] bytes, int before) {
        if (c.requestLineChecked) {
            return;
        }
        for (int i = Math.max(0, before - 1); i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                RequestHead.requestLine(new String(bytes, 0, i, java.nio.charset.StandardCharsets.US_ASCII));
                c.requestLineChecked = true;
                return;
            }
        }
        if (bytes.length > RequestHead.MAX_REQUEST_LINE) {
            throw new HttpError(414, "the request line is longer than " + RequestHead.MAX_REQUEST_LINE + " bytes");
        }
    }

    private static int indexOfBlankLine(byte[] b, int from) {
        for (int i = from; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void dispatch(SelectionKey key, Connection c) {
        byte[] body = c.body.toByteArray();
        if (body.length > c.declared) {
            body = java.util.Arrays.copyOf(body, (int) c.declared);
        }
        // the body stays reserved until it is answered, so queued uploads count against the body budget too
        HttpRequest request = new HttpRequest(c.request.method, c.request.rawPath, c.request.rawQuery,
                c.request.headers, body);
        c.phase = Connection.Phase.WORKING;
        key.interestOps(0);
        Runnable task = () -> {
            HttpResponse response;
            try {
                response = handler.apply(request);
            } catch (RuntimeException | Error e) {
                LOG.error("request {} {} failed", request.method(), request.rawPath(), e);
                response = HttpResponse.error(500, "internal error; the server log has the details");
            }
            HttpResponse answer = response;
            fromWorkers.add(() -> respond(key, answer));
            selector.wakeup();
        };
        try {
            if (decodes.test(request)) {
                decoders.submit(c.client, task);
            } else {
                workers.execute(task);
            }
        } catch (RejectedExecutionException e) {
            respond(key, HttpResponse.error(503, "the server is busy; try again shortly")
                    .withHeader("Retry-After", "1"));
        }
    }

    private void respond(SelectionKey key, HttpResponse response) {
        if (!key.isValid()) {
            return;
        }
        Connection c = (Connection) key.attachment();
        release(c);
        byte[] head = response.head();
        c.out = ByteBuffer.allocate(head.length + response.body().length).put(head).put(response.body()).flip();
        c.phase = Connection.Phase.WRITING;
        c.lastActive = System.nanoTime();
        c.deadline = c.lastActive + limits.writeTimeout().toNanos();
        key.interestOps(SelectionKey.OP_WRITE);
        try {
            write(key);
        } catch (IOException e) {
            close(key);
        }
    }

    private void write(SelectionKey key) throws IOException {
        Connection c = (Connection) key.attachment();
        SocketChannel ch = (SocketChannel) key.channel();
        if (ch.write(c.out) > 0) {
            c.lastActive = System.nanoTime();
        }
        if (!c.out.hasRemaining()) {
            // half-close and read what the client still sends, so it sees our answer rather than a reset
            ch.shutdownOutput();
            c.out = null;
            c.phase = Connection.Phase.DRAINING;
            c.deadline = System.nanoTime() + LINGER_NANOS;
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            if (key.attachment() instanceof Connection c && key.isValid() && c.phase != Connection.Phase.WORKING
                    && now - c.deadline > 0) {
                if (c.phase == Connection.Phase.HEAD || c.phase == Connection.Phase.BODY) {
                    respond(key, HttpResponse.error(408, "the request was not received in time"));
                    c.deadline = now + LINGER_NANOS; // one short chance to deliver the 408
                } else {
                    close(key);
                }
            }
        }
    }

    /** Returns a connection's share of the body budget (once the body is handed on, answered or dropped). */
    private void release(Connection c) {
        bodyBytesReserved -= c.reserved;
        c.reserved = 0;
    }

    private void close(SelectionKey key) {
        if (key.attachment() instanceof Connection c && key.isValid()) {
            release(c);
            connections.closed(c.client);
        }
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            LOG.debug("close failed", e);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        decoders.close();
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                LOG.debug("close failed", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("close failed", e);
        }
    }
}
