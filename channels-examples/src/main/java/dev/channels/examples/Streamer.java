package dev.channels.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.channels.Channel;
import dev.channels.Channels;
import dev.channels.Select;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seed 003, "How to structure a Go web server, using channels and goroutines?": a background
 * producer makes data frames whether or not anyone listens, and every connected client receives
 * every frame as it is made, streamed over HTTP, one frame a line.
 *
 * <p>As in the answer of the text: a {@code Manager} holds the clients, each with its own
 * channel; the producer hands each frame to all of them; a client's handler selects between its
 * channel and an idle time-out, and removes the client when it leaves. Unlike the text, the
 * producer never blocks on a client: each client's channel is a bounded buffer and, when it is
 * full (the client reads too slowly), the oldest frame in it is dropped to make room, so a slow
 * client skips frames (it sees a gap in the numbers) and never stalls the producer or anyone else.
 */
final class Streamer {
    static final String HELP = """
            usage: ./examples streamer [--port 8000] [--period 100ms] [--buffer 64] [--idle 20s]

              --port P      HTTP port (default 8000; 0 picks a free one)
              --period D    how often the producer makes a frame (default 100ms)
              --buffer N    frames each client may fall behind before its oldest are dropped (default 64)
              --idle D      a client that received nothing for this long is ended (default 20s)

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
        args.requireNoneLeft();
        if (buffer < 1) {
            throw new Args.UsageException("--buffer must be at least 1");
        }
        Server server = Server.start(port, period, buffer, idle, true);
        System.out.printf("Streaming a frame every %s on http://localhost:%d/stream (page: http://localhost:%d/)%n",
                period.toMillis() + "ms", server.port(), server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        Thread.currentThread().join(); // until Ctrl-C
        return 0;
    }

    /** One connected client: the text's {@code Client}, its frames on its own bounded channel. */
    record Client(String uuid, Channel<String> out, AtomicLong dropped) {
    }

    /** The running server: the producer, the clients, the HTTP endpoints. */
    static final class Server {
        private final HttpServer http;
        private final Map<String, Client> clients = new ConcurrentHashMap<>(); // the text's Manager
        private final Duration period;
        private final int buffer;
        private final Duration idle;
        private final boolean log;
        private final AtomicLong frames = new AtomicLong();
        private final Thread producer;
        private volatile boolean stopping;

        private Server(HttpServer http, Duration period, int buffer, Duration idle, boolean log) {
            this.http = http;
            this.period = period;
            this.buffer = buffer;
            this.idle = idle;
            this.log = log;
            http.createContext("/stream", this::stream);
            http.createContext("/", this::page);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.start();
            this.producer = Channels.go(this::produce);
        }

        static Server start(int port, Duration period, int buffer, Duration idle, boolean log) throws IOException {
            return new Server(HttpServer.create(new InetSocketAddress(port), 1024), period, buffer, idle, log);
        }

        int port() {
            return http.getAddress().getPort();
        }

        int clientCount() {
            return clients.size();
        }

        long framesMade() {
            return frames.get();
        }

        void stop() {
            stopping = true;
            producer.interrupt();
            for (Client c : clients.values()) {
                c.out().close(); // each handler ends its stream once it drained its channel
            }
            http.stop(1);
        }

        /** The text's InitBackgroundTask: a frame every period, to every client, never waiting for one. */
        private void produce() throws InterruptedException {
            while (!stopping) {
                long n = frames.incrementAndGet();
                String frame = frame(n);
                for (Client c : clients.values()) {
                    offerDroppingOldest(c, frame);
                }
                Thread.sleep(period.toMillis(), (int) (period.toNanosPart() % 1_000_000));
            }
        }

        /** The frame: its number, then four samples (the text streams arrays of floats). */
        private static String frame(long n) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            return String.format(Locale.ROOT, "frame %d %.4f %.4f %.4f %.4f", n,
                    r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble());
        }

        /**
         * The drop policy: if the client's buffer is full, drop its oldest frame and retry, so it
         * always holds the newest frames. Only the producer sends to a client's channel, so one
         * drop makes room (the handler can only take more out meanwhile).
         */
        static void offerDroppingOldest(Client c, String frame) {
            try {
                while (!c.out().trySend(frame)) {
                    if (c.out().tryReceive() != null) {
                        c.dropped().incrementAndGet();
                    }
                }
            } catch (dev.channels.ChannelClosedException e) {
                // the client left between the producer's look at the map and this send
            }
        }

        /** GET /stream: this client's frames, one a line, each written and flushed as it comes. */
        private void stream(HttpExchange exchange) throws IOException {
            Client c = new Client(UUID.randomUUID().toString(), Channel.buffered(buffer), new AtomicLong());
            clients.put(c.uuid(), c);
            log("%s: connected (%d clients)", c.uuid(), clients.size());
            String why = "ended";
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                exchange.sendResponseHeaders(200, 0); // chunked: streamed, not buffered to the end
                OutputStream body = exchange.getResponseBody();
                for (;;) {
                    String frame = Select.select(
                            c.out().onReceiveOk(f -> f.orElse(null)),          // null: the server stops
                            Select.timeoutCase(idle, () -> ""));               // nothing for `idle`
                    if (frame == null) {
                        break;
                    }
                    if (frame.isEmpty()) {
                        why = "timed out after " + idle.toSeconds() + "s idle";
                        break;
                    }
                    body.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
                    body.flush();
                }
            } catch (IOException e) {
                why = "disconnected";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted";
            } finally {
                clients.remove(c.uuid()); // the text's deferred DeleteClient
                try {
                    c.out().close();
                } catch (dev.channels.ChannelClosedException e) {
                    // stop() closed it first
                }
                log("%s: %s, %d frames dropped (%d clients)", c.uuid(), why, c.dropped().get(), clients.size());
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
