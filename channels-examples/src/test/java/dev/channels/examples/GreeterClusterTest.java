package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.channels.nats.LocalNatsServer;
import dev.channels.nats.NatsChannels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The distributed greeter for real: a nats-server, the greeter in this JVM, and
 * {@code greeter-workers -n 3} as a process that starts three worker JVMs. Jobs must be answered
 * by several workers; with one worker killed, every job must still be answered by the others.
 */
@Timeout(180)
class GreeterClusterTest {
    private static final Pattern ANSWER = Pattern.compile("Hello, (\\S+) \\(from worker (\\d+)\\)");

    @Test
    void jobsCrossToWorkerProcessesAndSurviveOneBeingKilled() throws Exception {
        if (System.getenv("CHANNELS_REQUIRE_NATS") == null) {
            assumeTrue(LocalNatsServer.binary().isPresent(), "nats-server is not installed");
        }
        try (LocalNatsServer nats = LocalNatsServer.start();
             NatsChannels client = NatsChannels.connect(nats.url())) {
            Greeter.Server greeter = Greeter.Server.startWithRemoteWorkers(0, Greeter.Limits.DEFAULT, line -> { },
                    name -> GreeterCluster.askWorkers(client, name, Duration.ofSeconds(2)));
            String java = ProcessHandle.current().info().command().orElse("java");
            Process launcher = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "greeter-workers", "-n", "3", "--nats", nats.url()).redirectErrorStream(true).start();
            List<String> output = new CopyOnWriteArrayList<>();
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        output.add(line);
                    }
                } catch (IOException e) {
                    // ended
                }
            });
            try {
                awaitLines(output, "serving greeter.jobs", 3);
                Set<String> workers = converse(greeter.port(), "a", 60);
                assertTrue(workers.size() >= 2, "one worker did everything: " + workers);

                List<ProcessHandle> children = launcher.children().toList();
                assertEquals(3, children.size(), "worker processes: " + children);
                children.get(0).destroyForcibly();                   // cut one worker, no goodbye
                assertTrue(children.get(0).onExit().get(30, TimeUnit.SECONDS) != null);
                Set<String> after = converse(greeter.port(), "b", 60);
                assertTrue(after.size() >= 1 && after.size() <= 2, "answered by " + after);
            } finally {
                launcher.destroy();                                  // SIGTERM: its workers drain and end
                assertTrue(launcher.waitFor(30, TimeUnit.SECONDS), "the workers did not stop");
                assertTrue(launcher.descendants().noneMatch(ProcessHandle::isAlive), "a worker outlived its launcher");
                greeter.shutdown(Duration.ofSeconds(10));
            }
        }
    }

    /** Sends {@code n} names over three connections; every one answered by some worker. */
    private static Set<String> converse(int port, String tag, int n) throws Exception {
        Set<String> workers = new HashSet<>();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int c = 0; c < 3; c++) {
                Socket s = new Socket("localhost", port);
                s.setSoTimeout(20_000);
                sockets.add(s);
            }
            for (int i = 0; i < n; i++) {
                Socket s = sockets.get(i % 3);
                var out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String name = tag + i;
                out.println(name);
                String line = in.readLine();
                Matcher m = ANSWER.matcher(line == null ? "" : line);
                assertTrue(m.matches(), "for " + name + ": " + line);
                assertEquals(name, m.group(1));
                workers.add(m.group(2));
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        return workers;
    }

    private static void awaitLines(List<String> output, String text, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (output.stream().filter(l -> l.contains(text)).count() < count) {
            assertTrue(System.nanoTime() < deadline, "workers never ready: " + output);
            Thread.sleep(50);
        }
    }
}
