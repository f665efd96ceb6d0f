package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class GreeterTest {
    private static final int CLIENTS = 1_000;
    private static final int LINES = 3;

    /** A client that sends LINES names, each after the previous answer, and checks each answer. */
    private static void converse(int port, int id, CountDownLatch allConnected) throws IOException, InterruptedException {
        try (Socket s = new Socket("localhost", port)) {
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            var out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            allConnected.countDown();
            assertTrue(allConnected.await(60, TimeUnit.SECONDS), "not all clients connected");
            for (int k = 0; k < LINES; k++) {
                out.println("client" + id + "-" + k);
                assertEquals("Hello, client" + id + "-" + k, in.readLine());
            }
        }
    }

    /** CLIENTS clients connected at once, each conversing; returns the failures. */
    private static List<Throwable> manyClients(int port) throws InterruptedException {
        CountDownLatch allConnected = new CountDownLatch(CLIENTS);
        var failures = new ConcurrentLinkedQueue<Throwable>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int id = i;
            clients.add(Thread.ofVirtual().start(() -> {
                try {
                    converse(port, id, allConnected);
                } catch (Throwable t) {
                    failures.add(t);
                    allConnected.countDown();
                }
            }));
        }
        for (Thread t : clients) {
            assertTrue(t.join(Duration.ofSeconds(90)), "a client hung");
        }
        return new ArrayList<>(failures);
    }

    /** Runs {@link #manyClients} against a server with {@code workers} workers (0: direct mode). */
    private static void aThousandClientsAgainst(int workers) throws Exception {
        Greeter.Server server = Greeter.Server.start(0, workers, Duration.ZERO);
        try {
            List<Throwable> failures = manyClients(server.port());
            assertEquals(List.of(), failures);
        } finally {
            server.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void aThousandClientsAtOnceEachGetTheirOwnGreetings() throws Exception {
        aThousandClientsAgainst(0);
    }

    @Test
    void aThousandClientsThroughFourWorkersEachGetTheirOwnGreetingsInOrder() throws Exception {
        aThousandClientsAgainst(4);
    }

    @Test
    void pipelinedLinesAreAnsweredInOrderByConcurrentWorkers() throws Exception {
        Greeter.Server server = Greeter.Server.start(0, 8, Duration.ofMillis(5));
        try (Socket s = new Socket("localhost", server.port())) {
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            var out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            for (int k = 0; k < 50; k++) {
                out.println("name" + k); // all sent before any answer is read
            }
            for (int k = 0; k < 50; k++) {
                assertEquals("Hello, name" + k, in.readLine());
            }
        } finally {
            server.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void shutdownFinishesQueuedJobsAnswersThemAndClosesTheConnection() throws Exception {
        Greeter.Server server = Greeter.Server.start(0, 1, Duration.ofMillis(200));
        try (Socket s = new Socket("localhost", server.port())) {
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            var out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            out.println("Ann");
            out.println("Bob");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.linesRead() < 2) { // both lines read: one job being worked on, one queued
                assertTrue(System.nanoTime() - deadline < 0, "the server never read the lines");
                Thread.sleep(5);
            }
            Thread stopper = Thread.ofVirtual().start(() -> server.shutdown(Duration.ofSeconds(10)));
            assertEquals("Hello, Ann", in.readLine());
            assertEquals("Hello, Bob", in.readLine());
            assertNull(in.readLine(), "the server closes the connection once the jobs are answered");
            assertTrue(stopper.join(Duration.ofSeconds(20)));
            assertEquals(0, server.connectionCount());
        }
    }

    @Test
    void durationsAreWrittenAsInGo() {
        assertEquals(Duration.ofMillis(250), Args.duration("250ms"));
        assertEquals(Duration.ofSeconds(1), Args.duration("1s"));
        assertEquals(Duration.ofMinutes(2), Args.duration("2m"));
        assertEquals(Duration.ofSeconds(3), Args.duration("3"));
    }

    /**
     * The dump of a live, stuck server: one worker busy with a slow job, so the connections'
     * jobs wait on the unbuffered jobs channel and their writers on the replies; the dump names
     * each channel and says what each goroutine waits for.
     */
    @Test
    void theDumpOfAStuckServerNamesItsChannels() throws Exception {
        dev.channels.Diagnostics.setEnabled(true);
        Greeter.Server server = Greeter.Server.start(0, 1, Duration.ofSeconds(3));
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("localhost", server.port());
                clients.add(s);
                new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println("client" + i);
            }
            String dump = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!(dump.contains("[chan send, ") && dump.contains("on Channel[clientJobs"))) {
                assertTrue(System.nanoTime() < deadline, "no goroutine blocked on clientJobs: " + dump);
                Thread.sleep(20);
                dump = dev.channels.Diagnostics.dump();
            }
            assertTrue(dump.contains("[chan receive, "), dump);
            assertTrue(dump.contains("on Channel[reply to client"), dump);
            assertTrue(dump.contains("at dev.channels.examples.Greeter$Server.serveThroughJobs(Greeter.java:"), dump);
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            server.shutdown(Duration.ofSeconds(20));
            dev.channels.Diagnostics.setEnabled(false);
        }
    }
}
