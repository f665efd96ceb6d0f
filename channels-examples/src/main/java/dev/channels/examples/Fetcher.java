package dev.channels.examples;

import com.sun.net.httpserver.HttpServer;
import dev.channels.Channel;
import dev.channels.Channels;
import dev.channels.Context;
import dev.channels.ErrGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seed 004, "Go Concurrency With Goroutines and Channels": fetch URLs one after the other, then
 * all at once with a goroutine each and a channel of results, so that the concurrent total is the
 * slowest fetch, not the sum. The concurrent run is what a Go programmer writes today: an
 * {@code errgroup} with a limit on the fetches in flight and a context that cancels those still
 * in flight when the run is abandoned. And the health collector of the text's gossboss: many
 * health endpoints fetched at once into a channel with room for every answer, then a summary.
 *
 * <p>With no URL it starts a small local server with a fast, a slow and a failing endpoint and
 * fetches those, so it shows the same thing with no network.
 */
final class Fetcher {
    static final String HELP = """
            usage: ./examples fetcher [--timeout 5s] [--limit N] [URL ...]
                   ./examples fetcher --health [--timeout 5s] [URL ...]

              URL ...        what to fetch (default: endpoints of a local demo server)
              --timeout D    per-request time limit: 500ms, 5s, ... (default 5s)
              --limit N      at most N fetches in flight in the concurrent run (default: no limit)
              --health       the health collector: fetch every URL at once and summarize
                             passed (2xx), failed (other status) and errored (no answer);
                             exits 1 if any endpoint failed or errored
            """;

    static int main(Args args) throws Exception {
        boolean health = args.flag("--health");
        Duration timeout = Args.duration(args.option("--timeout", "5s"));
        int limit = args.intOption("--limit", -1);
        List<String> urls = args.remaining();
        HttpServer demo = null;
        if (urls.isEmpty()) {
            demo = DemoServer.start(0);
            String base = "http://localhost:" + demo.getAddress().getPort();
            urls = health
                    ? List.of(base + "/healthz/a", base + "/healthz/b", base + "/status/500", base + "/delay/300ms")
                    : List.of(base + "/delay/200ms", base + "/delay/600ms", base + "/delay/400ms", base + "/status/404");
            System.out.println("(no URL given: fetching a local demo server's endpoints)");
        }
        try {
            Fetcher f = new Fetcher(timeout);
            if (health) {
                Healthzs h = f.collectHealthz(urls);
                h.print(System.out);
                return h.errored() + h.failed() == 0 ? 0 : 1;
            }
            System.out.println("serially:");
            f.serial(urls, System.out);
            System.out.println();
            System.out.println("concurrently:");
            f.concurrent(Context.background(), urls, limit, System.out);
            return 0;
        } finally {
            if (demo != null) {
                demo.stop(0);
            }
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    Fetcher(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** One fetch, never throwing: what the text's fetch returns (or sends), plus the status. */
    record Result(String url, double seconds, int status, String body, String error) {
        String line() {
            return error != null
                    ? url + " request encountered error: " + error
                    : String.format(Locale.ROOT, "%s \t %.2fs \t %d", url, seconds, status);
        }
    }

    Result fetch(String url) {
        return fetch(Context.background(), url);
    }

    /**
     * One fetch that gives up when {@code ctx} is done, as Go's {@code http.NewRequestWithContext}
     * does: the context's {@code afterFunc} cancels the request in flight.
     */
    Result fetch(Context ctx, String url) {
        long start = System.nanoTime();
        BooleanSupplier stop = () -> true;
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
            CompletableFuture<HttpResponse<String>> inFlight =
                    client.sendAsync(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            stop = ctx.afterFunc(() -> inFlight.cancel(true));
            HttpResponse<String> resp = inFlight.get();
            return new Result(url, (System.nanoTime() - start) / 1e9, resp.statusCode(), resp.body(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(url, (System.nanoTime() - start) / 1e9, 0, null, "interrupted");
        } catch (CancellationException | ExecutionException | IllegalArgumentException e) {
            if (ctx.err() != null) {               // cancelled by the context's afterFunc
                return new Result(url, (System.nanoTime() - start) / 1e9, 0, null, "cancelled: " + ctx.cause().getMessage());
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String why = cause instanceof java.net.http.HttpTimeoutException ? "timed out after " + timeout.toMillis() + " ms"
                    : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            return new Result(url, (System.nanoTime() - start) / 1e9, 0, null, why);
        } finally {
            stop.getAsBoolean();
        }
    }

    /** The text's first program: one fetch after another. Returns the total seconds. */
    double serial(List<String> urls, PrintStream out) {
        long start = System.nanoTime();
        for (String url : urls) {
            out.println(fetch(url).line());
        }
        double total = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "Total time: %.2fs%n", total);
        return total;
    }

    /**
     * The text's second program, as Go writes it with {@code errgroup}: a task per URL, at most
     * {@code limit} in flight (negative: no limit), results printed as they arrive. The tasks
     * are started from a goroutine of their own, since {@code go} blocks at the limit while the
     * results wait to be received here; when all are done the results channel is closed.
     *
     * <pre>{@code
     * g, ctx := errgroup.WithContext(ctx)
     * g.SetLimit(limit)
     * results := make(chan string)
     * go func() {
     *     for _, url := range urls {
     *         g.Go(func() error { results <- fetch(ctx, url).line(); return nil })
     *     }
     *     g.Wait()
     *     close(results)
     * }()
     * for line := range results { fmt.Println(line) }
     * }</pre>
     */
    double concurrent(Context ctx, List<String> urls, int limit, PrintStream out) throws InterruptedException {
        long start = System.nanoTime();
        ErrGroup g = ErrGroup.withContext(ctx);
        g.setLimit(limit);
        Channel<String> results = Channel.unbuffered();
        Channels.go(() -> {
            try {
                for (String url : urls) {
                    g.go(() -> results.send(fetch(g.context(), url).line()));
                }
                g.await();
            } finally {
                results.close();
            }
        });
        for (String line : results) {
            out.println(line);
        }
        double total = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "Total time: %.2fs%n", total);
        return total;
    }

    /** One endpoint's health: its result and how many of its checks failed. */
    record Healthz(Result result, int failedChecks) {
        boolean errored() {
            return result.error() != null;
        }

        boolean passed() {
            return !errored() && result.status() / 100 == 2 && failedChecks == 0;
        }
    }

    /** The summary of the text's {@code Healthzs}. */
    record Healthzs(List<Healthz> healthzs) {
        int passed() {
            return (int) healthzs.stream().filter(Healthz::passed).count();
        }

        int errored() {
            return (int) healthzs.stream().filter(Healthz::errored).count();
        }

        int failed() {
            return healthzs.size() - passed() - errored();
        }

        void print(PrintStream out) {
            for (Healthz h : healthzs) {
                Result r = h.result();
                out.println(h.passed() ? "✔ " + r.url()
                        : h.errored() ? "! " + r.url() + " (" + r.error() + ")"
                        : "✘ " + r.url() + " (status " + r.status() + (h.failedChecks() > 0 ? ", " + h.failedChecks() + " failed checks" : "") + ")");
            }
            out.printf("%d passed, %d failed, %d errored%n", passed(), failed(), errored());
        }
    }

    private static final Pattern FAILED = Pattern.compile("\"failed\"\\s*:\\s*(\\d+)");

    /**
     * The text's {@code CollectHealthzs}: every endpoint fetched at once, into a channel with room
     * for every answer (so no goroutine is left blocked if the collector stopped early), collected
     * until all have answered.
     */
    Healthzs collectHealthz(List<String> urls) throws InterruptedException {
        Channel<Healthz> ch = Channel.buffered(urls.size());
        for (String url : urls) {
            Channels.go(() -> ch.send(healthz(fetch(url))));
        }
        List<Healthz> all = new ArrayList<>();
        while (all.size() < urls.size()) {
            all.add(ch.receive());
        }
        return new Healthzs(all);
    }

    private static Healthz healthz(Result r) {
        int failed = 0;
        if (r.body() != null) {
            Matcher m = FAILED.matcher(r.body());
            if (m.find()) {
                failed = Integer.parseInt(m.group(1));
            }
        }
        return new Healthz(r, failed);
    }

    /**
     * The local endpoints the program uses with no URL, and the tests use always:
     * {@code /delay/<duration>} answers 200 after that long, {@code /status/<code>} answers with
     * that status, {@code /healthz/<name>} answers a goss-like summary (name {@code bad} has one
     * failed check).
     */
    static final class DemoServer {
        private DemoServer() {
        }

        static HttpServer start(int port) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 1024);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/delay/", exchange -> {
                String d = exchange.getRequestURI().getPath().substring("/delay/".length());
                try {
                    Channels.sleep(Args.duration(d));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond(exchange, 200, "waited " + d + "\n");
            });
            server.createContext("/status/", exchange -> {
                int code = Integer.parseInt(exchange.getRequestURI().getPath().substring("/status/".length()));
                respond(exchange, code, "status " + code + "\n");
            });
            server.createContext("/healthz/", exchange -> {
                boolean bad = exchange.getRequestURI().getPath().endsWith("/bad");
                respond(exchange, bad ? 503 : 200, "{\"summary\": {\"failed\": " + (bad ? 1 : 0) + ", \"test-count\": 3}}\n");
            });
            server.start();
            return server;
        }

        private static void respond(com.sun.net.httpserver.HttpExchange exchange, int code, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
