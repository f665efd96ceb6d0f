package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FetcherTest {
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void startServer() throws Exception {
        server = Fetcher.DemoServer.start(0);
        base = "http://localhost:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static PrintStream sink(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void concurrentTotalIsTheSlowestFetchNotTheSum() throws Exception {
        List<String> urls = List.of(base + "/delay/300ms", base + "/delay/600ms", base + "/delay/300ms");
        Fetcher f = new Fetcher(Duration.ofSeconds(5));
        ByteArrayOutputStream serialOut = new ByteArrayOutputStream();
        double serial = f.serial(urls, sink(serialOut));
        ByteArrayOutputStream concurrentOut = new ByteArrayOutputStream();
        double concurrent = f.concurrent(dev.channels.Context.background(), urls, -1, sink(concurrentOut));
        assertTrue(serial >= 1.2, "the serial run is the sum: " + serial);
        assertTrue(concurrent >= 0.6 && concurrent < 1.1, "the concurrent run is the slowest one: " + concurrent);
        List<String> lines = concurrentOut.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(2).startsWith(base + "/delay/600ms"), "the slowest arrives last: " + lines);
        assertTrue(lines.get(0).endsWith("\t 200"), lines.get(0));
        assertTrue(lines.get(3).startsWith("Total time: "), lines.get(3));
    }

    @Test
    void errorsAndTimeoutsAreReportedPerUrlAndTheRunGoesOn() throws Exception {
        Fetcher f = new Fetcher(Duration.ofMillis(300));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.concurrent(dev.channels.Context.background(),
                List.of(base + "/delay/3s", "http://localhost:1/", base + "/status/404", "not a url"), -1, sink(out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(base + "/delay/3s request encountered error: timed out after 300 ms"), text);
        assertTrue(text.contains("http://localhost:1/ request encountered error: "), text);
        assertTrue(text.contains(base + "/status/404 \t "), text);
        assertTrue(text.contains("\t 404"), text);
        assertTrue(text.contains("not a url request encountered error: "), text);
        assertTrue(text.contains("Total time: "), text);
    }

    @Test
    void theHealthCollectorSummarizesPassedFailedAndErrored() throws Exception {
        Fetcher f = new Fetcher(Duration.ofSeconds(2));
        Fetcher.Healthzs h = f.collectHealthz(List.of(
                base + "/healthz/a", base + "/healthz/b", base + "/healthz/bad", base + "/status/500", "http://localhost:1/healthz"));
        assertEquals(5, h.healthzs().size());
        assertEquals(2, h.passed());
        assertEquals(2, h.failed());
        assertEquals(1, h.errored());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.print(sink(out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("✘ " + base + "/healthz/bad (status 503, 1 failed checks)"), text);
        assertTrue(text.endsWith("2 passed, 2 failed, 1 errored\n"), text);
    }

    @Test
    void aLimitKeepsThatManyFetchesInFlight() throws Exception {
        List<String> urls = List.of(base + "/delay/200ms", base + "/delay/200ms", base + "/delay/200ms", base + "/delay/200ms");
        Fetcher f = new Fetcher(Duration.ofSeconds(5));
        double oneAtATime = f.concurrent(dev.channels.Context.background(), urls, 1, sink(new ByteArrayOutputStream()));
        double twoAtATime = f.concurrent(dev.channels.Context.background(), urls, 2, sink(new ByteArrayOutputStream()));
        assertTrue(oneAtATime >= 0.8, "a limit of 1 runs them one after another: " + oneAtATime);
        assertTrue(twoAtATime >= 0.4 && twoAtATime < 0.75, "a limit of 2 runs them in two rounds: " + twoAtATime);
    }

    @Test
    void cancellingTheContextCancelsTheFetchesInFlight() throws Exception {
        dev.channels.CancelableContext ctx = dev.channels.Context.withCancel(dev.channels.Context.background());
        dev.channels.Channels.afterFunc(Duration.ofMillis(100), () -> ctx.cancel(new IllegalStateException("user gave up")));
        Fetcher f = new Fetcher(Duration.ofSeconds(10));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        double total = f.concurrent(ctx, List.of(base + "/delay/3s", base + "/delay/3s"), -1, sink(out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(total < 2, "the fetches were not cancelled: " + total);
        assertEquals(2, text.split("cancelled: user gave up", -1).length - 1, text);
    }
}
