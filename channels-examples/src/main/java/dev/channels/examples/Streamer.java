package dev.channels.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.channels.Broadcast;
import dev.channels.Channels;
import dev.channels.Select;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seed 003, "How to structure a Go web server, using channels and goroutines?": a background
 * producer makes data frames whether or not anyone listens, and every connected client receives
 * every frame as it is made, streamed over HTTP, one frame a line.
 *
 * <p>The text's answer hand-rolls a {@code Manager} of clients, each with its own channel, and a
 * producer that hands each frame to all of them. Here that is a {@link Broadcast}: the producer
 * sends each frame to it once, and each client's handler subscribes with a bounded buffer that
 * drops its oldest frame when full ({@link Broadcast.Overflow#DROP_OLDEST}), so a slow client
 * skips frames (it sees a gap in the numbers) and never stalls the producer or anyone else. A
 * handler selects between its subscription and an idle time-out, and unsubscribes when its
 * client leaves.
 */
final class Streamer {
    static final String HELP = """
            usage: ./examples streamer [--port 8000] [--period 100ms] [--buffer 64] [--idle 20s]
                                       [--max-clients 1000]

              --port P      HTTP port (default 8000; 0 picks a free one)
              --period D    how often the producer makes a frame (default 100ms)
              --buffer N    frames each client may fall behind before its oldest are dropped (default 64)
              --idle D      a client that received nothing for this long is ended (default 20s)
              --max-clients N   clients streaming at once; more are answered 503 (default 1000)

            Then: curl -N localhost:8000/stream    (one frame a line, as it is made)
              or: open http://localhost:8000/ in a browser
            """;

    private Streamer() {
    }

    static int main(Args args) throws Exception {
        int port = args.intOption("--port", 8000);
        Duration period = Args.duration(args.option("--period", "100ms"));
        int buffer = args.intOption("--buffer", 64);
        Duration idle = Args.duration(args.option("--idle", "20s"));
        int maxClients = args.intOption("--max-clients", 1000);
        args.requireNoneLeft();
        if (maxClients < 1) {
            throw new Args.UsageException("--max-clients must be at least 1");
        }
        if (buffer < 1) {
            throw new Args.UsageException("--buffer must be at least 1");
        }
        Server server = Server.start(port, period, buffer, idle, maxClients, true);
        System.out.printf("Streaming a frame every %s on http://localhost:%d/stream (page: http://localhost:%d/)%n",
                period.toMillis() + "ms", server.port(), server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        Thread.currentThread().join(); // until Ctrl-C
        return 0;
    }

    /**
     * The text's InitBackgroundTask and its Manager: a producer goroutine that makes a frame
     * every period and sends it to a {@link Broadcast}, whose subscribers are the clients. No
     * HTTP here, so that it runs as well inside a {@code Synctest} bubble, on fake time.
     */
    static final class Frames {
        private final Broadcast<String> broadcast = new Broadcast<>();
        private final AtomicLong made = new AtomicLong();
        private final Thread producer;

        private Frames(Duration period) {
            this.producer = Channels.go(() -> produce(period));
        }

        /** Starts the producer: a frame at once, then one every {@code period}. */
        static Frames start(Duration period) {
            return new Frames(period);
        }

        /** A new client's subscription: {@code buffer} frames, the oldest dropped when full. */
        Broadcast.Subscription<String> subscribe(int buffer) {
            return broadcast.subscribe(buffer, Broadcast.Overflow.DROP_OLDEST);
        }

        int clients() {
            return broadcast.subscribers();
        }

        long made() {
            return made.get();
        }

        /** Stops the producer, which closes the broadcast: each client ends once it drained. */
        void stop() {
            producer.interrupt();
        }

        private void produce(Duration period) throws InterruptedException {
            try {
                for (;;) {
                    broadcast.send(frame(made.incrementAndGet()));
                    Channels.sleep(period);
                }
            } finally {
                broadcast.close();
            }
        }

        /** The frame: its number, then four samples (the text streams arrays of floats). */
        private static String frame(long n) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            return String.format(Locale.ROOT, "frame %d %.4f %.4f %.4f %.4f", n,
                    r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble());
        }
    }

    /** Where a client's frames go: a line each, flushed as it comes. */
    @FunctionalInterface
    interface LineSink {
        void line(String frame) throws IOException;
    }

    /**
     * A client's handler, the text's select loop: each frame of {@code sub} to {@code out} as
     * it comes, until the frames end (the server stops), {@code out} fails (the client hung
     * up), or nothing came for {@code idle}. Returns why it ended.
     */
    static String streamTo(Broadcast.Subscription<String> sub, Duration idle, LineSink out)
            throws InterruptedException {
        for (;;) {
            var next = Select.await(idle, Select.recv(sub));
            if (next == null) {
                return "timed out after " + idle.toSeconds() + "s idle";
            }
            if (!next.ok()) {
                return "ended";                                 // the server stops
            }
            try {
                out.line(next.value());
            } catch (IOException e) {
                return "disconnected";
            }
        }
    }

    /** The running server: the frames, and the HTTP endpoints. */
    static final class Server {
        private final HttpServer http;
        private final Frames frames;
        private final int buffer;
        private final Duration idle;
        private final int maxClients;
        private final boolean log;

        private Server(HttpServer http, Duration period, int buffer, Duration idle, int maxClients, boolean log) {
            this.http = http;
            this.buffer = buffer;
            this.idle = idle;
            this.maxClients = maxClients;
            this.log = log;
            http.createContext("/stream", this::stream);
            http.createContext("/", this::page);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.start();
            this.frames = Frames.start(period);
        }

        static Server start(int port, Duration period, int buffer, Duration idle, boolean log) throws IOException {
            return start(port, period, buffer, idle, 1000, log);
        }

        static Server start(int port, Duration period, int buffer, Duration idle, int maxClients, boolean log)
                throws IOException {
            return new Server(HttpServer.create(new InetSocketAddress(port), 4096), period, buffer, idle, maxClients, log);
        }

        int port() {
            return http.getAddress().getPort();
        }

        int clientCount() {
            return frames.clients();
        }

        long framesMade() {
            return frames.made();
        }

        /** Stops the frames (each handler ends once it drained) and the HTTP server. */
        void stop() {
            frames.stop();
            http.stop(1);
        }

        /** GET /stream: this client's frames, one a line, each written and flushed as it comes. */
        private void stream(HttpExchange exchange) throws IOException {
            if (frames.clients() >= maxClients) {
                log("refused %s: %d clients streaming (--max-clients %d)", exchange.getRemoteAddress(),
                        frames.clients(), maxClients);
                try (exchange) {
                    exchange.sendResponseHeaders(503, -1);
                }
                return;
            }
            String id = UUID.randomUUID().toString();
            String why = "interrupted";
            try (exchange; var sub = frames.subscribe(buffer)) {
                log("%s: connected (%d clients)", id, frames.clients());
                try {
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                    exchange.sendResponseHeaders(200, 0); // chunked: streamed, not buffered to the end
                    OutputStream body = exchange.getResponseBody();
                    why = streamTo(sub, idle, frame -> {
                        body.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
                        body.flush();
                    });
                } catch (IOException e) {
                    why = "disconnected";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    log("%s: %s, %d frames dropped (%d clients)", id, why, sub.dropped(), frames.clients() - 1);
                }
            }
        }

        private void page(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals("/")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] html = PAGE.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, html.length);
                exchange.getResponseBody().write(html);
            }
        }

        private void log(String format, Object... args) {
            if (log) {
                System.out.printf(format + "%n", args);
            }
        }
    }

    private static final String PAGE = """
            <!doctype html>
            <meta charset="utf-8">
            <link rel="icon" href="data:,">
            <title>channels streamer</title>
            <h1>Frames, live</h1>
            <p id="status">connecting…</p>
            <pre id="frames"></pre>
            <script>
            (async () => {
              const status = document.getElementById('status');
              const frames = document.getElementById('frames');
              const response = await fetch('/stream');
              const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
              status.textContent = 'streaming';
              let partial = '';
              for (;;) {
                const { value, done } = await reader.read();
                if (done) { status.textContent = 'stream ended'; break; }
                const lines = (partial + value).split('\\n');
                partial = lines.pop();
                for (const line of lines) {
                  frames.textContent = line + '\\n' + frames.textContent.split('\\n').slice(0, 19).join('\\n');
                }
              }
            })();
            </script>
            """;
}
