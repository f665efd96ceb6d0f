package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.channels.Channel;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StreamerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Stream<String> open(Streamer.Server s) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + s.port() + "/stream")).build();
        HttpResponse<Stream<String>> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, resp.statusCode());
        return resp.body();
    }

    /** Sends a bare HTTP request for the stream on a raw socket, whose reading the test controls. */
    private static void askForTheStream(Socket s) throws java.io.IOException {
        s.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static long number(String frame) {
        return Long.parseLong(frame.split(" ")[1]);
    }

    private static void awaitClients(Streamer.Server s, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (s.clientCount() != n) {
            assertTrue(System.nanoTime() - deadline < 0, "expected " + n + " clients, have " + s.clientCount());
            Thread.sleep(10);
        }
    }

    @Test
    void everyClientGetsEveryFrameInOrderAsItIsMadeWhileASlowOneStalls() throws Exception {
        Streamer.Server s = Streamer.Server.start(0, Duration.ofMillis(10), 8, Duration.ofSeconds(20), false);
        try (Socket slow = new Socket("localhost", s.port())) {
            // A client that asks for the stream and then reads nothing at all.
            askForTheStream(slow);
            List<Iterator<String>> readers = new ArrayList<>();
            List<Stream<String>> streams = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Stream<String> st = open(s);
                streams.add(st);
                readers.add(st.iterator());
            }
            awaitClients(s, 4);
            Map<Long, String> seen = new HashMap<>();
            for (Iterator<String> it : readers) {
                long previous = -1;
                for (int k = 0; k < 100; k++) {
                    String frame = it.next();
                    long n = number(frame);
                    if (previous >= 0) {
                        assertEquals(previous + 1, n, "a fast client skipped or reordered a frame");
                    }
                    previous = n;
                    String other = seen.putIfAbsent(n, frame);
                    if (other != null) {
                        assertEquals(other, frame, "two clients got different frames " + n);
                    }
                }
            }
            assertTrue(s.framesMade() >= 100);
            streams.forEach(Stream::close);
        } finally {
            s.stop();
        }
    }

    @Test
    void aClientThatDisconnectsIsRemoved() throws Exception {
        Streamer.Server s = Streamer.Server.start(0, Duration.ofMillis(10), 8, Duration.ofSeconds(20), false);
        try {
            try (Socket client = new Socket("localhost", s.port())) {
                askForTheStream(client);
                InputStream in = client.getInputStream();
                assertTrue(in.read() >= 0); // the stream started
                awaitClients(s, 1);
            }
            awaitClients(s, 0); // its next frame fails to write, and it is gone
        } finally {
            s.stop();
        }
    }

    @Test
    void anIdleClientTimesOut() throws Exception {
        Streamer.Server s = Streamer.Server.start(0, Duration.ofSeconds(30), 8, Duration.ofMillis(300), false);
        try {
            Thread.sleep(50); // the producer made frame 1 before anyone listened: nothing comes for 30 s
            long t0 = System.nanoTime();
            try (Stream<String> st = open(s)) {
                assertFalse(st.iterator().hasNext(), "the stream ends with no frame");
            }
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(300).toNanos());
            awaitClients(s, 0);
        } finally {
            s.stop();
        }
    }

    @Test
    void thePageReadsTheStream() throws Exception {
        Streamer.Server s = Streamer.Server.start(0, Duration.ofMillis(100), 8, Duration.ofSeconds(20), false);
        try {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + s.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("fetch('/stream')"));
        } finally {
            s.stop();
        }
    }
}
