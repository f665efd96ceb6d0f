package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The servers against clients that misbehave, for real, on loopback: a 64 MiB line, binary
 * garbage, thousands of idle and half-closed connections, connections faster than the server
 * accepts. Each time a well-behaved client must still be served, the limits must hold (what a
 * server refused is logged), and the server must not hold what it refused.
 */
@Timeout(120)
class HostileClientsTest {
    private static final Greeter.Limits LIMITS = new Greeter.Limits(8192, 1500, Duration.ofSeconds(2));

    /** A well-behaved client: three names, three greetings. */
    private static void converse(int port, String who) throws IOException {
        assertTrue(conversation(port, who), "told \"server busy\"");
    }

    /**
     * A well-behaved client once the server has let go of a flood: until then it may be told
     * "server busy" (the flood's connections still count until their handlers see them reset),
     * and nothing else.
     */
    private static void converseOnceServed(int port, String who) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!conversation(port, who)) {
            assertTrue(System.nanoTime() < deadline, "still busy 30 s after the flood");
            Thread.sleep(10);
        }
    }

    /** Three names, three greetings; false if the server answered the first "server busy". */
    private static boolean conversation(int port, String who) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(20_000);
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            var out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            for (int k = 0; k < 3; k++) {
                out.println(who + k);
                String answer = in.readLine();
                if (k == 0 && "server busy".equals(answer)) {
                    return false;
                }
                assertEquals("Hello, " + who + k, answer);
            }
            return true;
        }
    }

    private static boolean logged(List<String> log, String text) {
        return log.stream().anyMatch(l -> l.contains(text));
    }

    private static void awaitLogged(List<String> log, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!logged(log, text)) {
            assertTrue(System.nanoTime() < deadline, "never logged \"" + text + "\": " + log);
            Thread.sleep(10);
        }
    }

    @Test
    void aSixtyFourMebibyteLineIsRefusedWhileOthersAreGreeted() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        for (int workers : new int[] {0, 2}) {
            Greeter.Server server = Greeter.Server.start(0, workers, Duration.ZERO, LIMITS, log::add);
            AtomicLong written = new AtomicLong();
            Thread hostile = Thread.ofVirtual().start(() -> {
                try (Socket s = new Socket("localhost", server.port())) {
                    OutputStream out = s.getOutputStream();
                    byte[] chunk = new byte[64 << 10];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    for (int i = 0; i < 1024; i++) {        // 64 MiB, no newline
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException refused) {
                    // the server closed the connection: what we want
                }
            });
            converse(server.port(), "good");
            assertTrue(hostile.join(Duration.ofSeconds(60)));
            assertTrue(written.get() < 64L << 20, "the server read the whole 64 MiB line: " + written.get());
            awaitLogged(log, "line longer than 8192 bytes (--max-line 8192)");
            converse(server.port(), "after");
            server.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void binaryGarbageNeitherHurtsTheServerNorOtherClients() throws Exception {
        Greeter.Server server = Greeter.Server.start(0, 0, Duration.ZERO, LIMITS, line -> { });
        Random random = new Random(42);
        List<Thread> garbage = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            byte[] junk = new byte[1 << 20];
            random.nextBytes(junk);
            garbage.add(Thread.ofVirtual().start(() -> {
                try (Socket s = new Socket("localhost", server.port())) {
                    s.getOutputStream().write(junk);           // 1 MiB of random bytes, newlines included
                    s.shutdownOutput();
                    s.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // a line over the limit closed it: fine
                }
            }));
        }
        converse(server.port(), "good");
        for (Thread t : garbage) {
            assertTrue(t.join(Duration.ofSeconds(60)));
        }
        converse(server.port(), "after");
        server.shutdown(Duration.ofSeconds(10));
    }

    @Test
    void thousandsOfIdleAndHalfClosedConnectionsAreBoundedAndTimedOut() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Greeter.Server server = Greeter.Server.start(0, 0, Duration.ZERO, LIMITS, log::add);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {                    // idle: connect and say nothing
                held.add(new Socket("localhost", server.port()));
            }
            for (int i = 0; i < 1000; i++) {                    // half-closed: nothing, then EOF
                Socket s = new Socket("localhost", server.port());
                s.shutdownOutput();
                held.add(s);
            }
            for (int i = 0; i < 1000; i++) {                    // more idle ones, past the limit
                held.add(new Socket("localhost", server.port()));
            }
            awaitLogged(log, "connections open (--max-conns 1500)");
            assertTrue(server.connectionCount() <= LIMITS.maxConnections(), "open: " + server.connectionCount());
            awaitLogged(log, "silent for 2000 ms (--idle)");    // the idle ones are closed...
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.connectionCount() > 0) {
                assertTrue(System.nanoTime() < deadline, "still open: " + server.connectionCount());
                Thread.sleep(20);
            }
            converse(server.port(), "good");                    // ...and a good client is served
        } finally {
            for (Socket s : held) {
                s.close();
            }
            server.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void connectionsFasterThanTheServerAcceptsAreSurvived() throws Exception {
        Greeter.Server server = Greeter.Server.start(0, 0, Duration.ZERO, LIMITS, line -> { });
        List<Thread> floods = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            floods.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1500; i++) {
                    try (Socket s = new Socket("localhost", server.port())) {
                        s.setSoLinger(true, 0);                 // reset: no TIME_WAIT pile-up
                    } catch (IOException e) {
                        // a full backlog may refuse some: that is the flood's problem, not ours
                    }
                }
            }));
        }
        converseOnceServed(server.port(), "during");          // or told "server busy" until served
        for (Thread t : floods) {
            assertTrue(t.join(Duration.ofSeconds(90)));
        }
        converseOnceServed(server.port(), "after");
        server.shutdown(Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------- the streamer

    @Test
    void theStreamerServesAGoodClientWhileHundredsNeverReadAndTheRestAreTurnedAway() throws Exception {
        Streamer.Server server = Streamer.Server.start(0, Duration.ofMillis(20), 8, Duration.ofSeconds(30), 300, false);
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 299; i++) {                     // ask for the stream, never read it
                Socket s = new Socket("localhost", server.port());
                s.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                stalled.add(s);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.clientCount() < 299) {
                assertTrue(System.nanoTime() < deadline, "clients: " + server.clientCount());
                Thread.sleep(10);
            }
            HttpClient http = HttpClient.newHttpClient();
            URI stream = URI.create("http://localhost:" + server.port() + "/stream");
            HttpResponse<Stream<String>> good = http.send(HttpRequest.newBuilder(stream).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, good.statusCode());
            List<Long> frames = good.body().limit(20).map(l -> Long.parseLong(l.split(" ")[1])).toList();
            assertEquals(frames.get(0) + 19, frames.get(19), "the good client missed frames: " + frames);
            HttpResponse<Void> refused = http.send(HttpRequest.newBuilder(stream).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(503, refused.statusCode(), "a client over --max-clients");
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
            server.stop();
        }
    }

    @Test
    void theStreamerSurvivesGarbageAndAHugeRequestLine() throws Exception {
        Streamer.Server server = Streamer.Server.start(0, Duration.ofMillis(20), 8, Duration.ofSeconds(30), false);
        try {
            Random random = new Random(7);
            for (int c = 0; c < 20; c++) {
                try (Socket s = new Socket("localhost", server.port())) {
                    byte[] junk = new byte[64 << 10];
                    random.nextBytes(junk);
                    s.getOutputStream().write(junk);
                    s.shutdownOutput();
                    s.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // reset by the server: fine
                }
            }
            AtomicLong written = new AtomicLong();
            try (Socket s = new Socket("localhost", server.port())) {
                OutputStream out = s.getOutputStream();
                out.write("GET /".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 << 10];
                java.util.Arrays.fill(chunk, (byte) 'a');
                for (int i = 0; i < 1024; i++) {                // a 64 MiB request line
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // refused by the server: what we want
            }
            assertTrue(written.get() < 64L << 20, "the server read a 64 MiB request line: " + written.get());
            HttpResponse<Stream<String>> good = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/stream")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, good.statusCode());
            assertEquals(5, good.body().limit(5).count());
        } finally {
            server.stop();
        }
    }
}
