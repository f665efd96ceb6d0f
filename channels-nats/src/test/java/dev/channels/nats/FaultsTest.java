package dev.channels.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.channels.ChannelClosedException;
import dev.channels.Channels;
import io.nats.client.Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What crossing a network adds, for real: the server killed and restarted under a running
 * stream, a consumer process cut, a connection lost for good. The guarantees checked are those
 * NatsChannels states; the counts are printed for docs/distributed.md.
 */
@Timeout(120)
class FaultsTest {
    private LocalNatsServer server;
    private final List<NatsChannels> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = NatsServers.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (NatsChannels c : clients) {
            c.connection().close();
        }
        if (server != null) {
            server.close();
        }
    }

    private NatsChannels connect(Options options) throws Exception {
        NatsChannels c = NatsChannels.connect(options);
        clients.add(c);
        return c;
    }

    @Test
    void jetStreamLosesNothingWhenTheServerIsKilledAndRestartedMidStream() throws Exception {
        NatsChannels nats = connect(NatsServers.patient(server).build());
        NatsServers.streamAndConsumer(nats, "FAULT", "fault", "reader", Duration.ofSeconds(2));
        int n = 3000;
        NatsSendChannel<Long> out = nats.jetStreamPublisher("fault", Codec.decimal());
        AtomicReference<Throwable> producerFailed = new AtomicReference<>();
        Thread producer = Channels.go(() -> {
            try {
                for (long i = 0; i < n; i++) {
                    out.send(i);
                    if (i % 100 == 0) {
                        Thread.sleep(5);                     // a stream that lasts across the kill
                    }
                }
            } catch (Throwable e) {
                producerFailed.set(e);
            }
        });
        NatsReceiveChannel<Delivery<Long>> in = nats.pullConsumer("FAULT", "reader", Codec.decimal(), 16);
        Map<Long, Integer> seen = new ConcurrentHashMap<>();
        Map<Long, Long> sequence = new ConcurrentHashMap<>();
        AtomicLong moved = new AtomicLong();
        AtomicLong deliveries = new AtomicLong();
        AtomicLong redelivered = new AtomicLong();
        Thread consumer = Channels.go(() -> {
            while (seen.size() < n) {
                Delivery<Long> d = in.receive(Duration.ofSeconds(1));
                if (d == null) {
                    continue;
                }
                deliveries.incrementAndGet();
                if (d.redelivered()) {
                    redelivered.incrementAndGet();
                }
                seen.merge(d.value(), 1, Integer::sum);
                if (sequence.putIfAbsent(d.value(), d.streamSequence()) instanceof Long first && first != d.streamSequence()) {
                    moved.incrementAndGet();
                }
                d.ack();
            }
        });
        NatsServers.eventually("a third consumed", Duration.ofSeconds(30), () -> seen.size() >= n / 3);
        server.kill();
        Thread.sleep(500);
        server.restart();
        assertTrue(producer.join(Duration.ofSeconds(90)), "the producer never finished");
        assertEquals(null, producerFailed.get());
        assertTrue(consumer.join(Duration.ofSeconds(90)), "received " + seen.size() + " of " + n);
        for (long i = 0; i < n; i++) {
            assertTrue(seen.containsKey(i), "lost: " + i);
        }
        long duplicates = deliveries.get() - n;
        long stored = nats.connection().jetStreamManagement().getStreamInfo("FAULT").getStreamState().getMsgCount();
        System.out.printf("kill/restart: %d published (%d retried sends), %d stored, %d deliveries, %d duplicates, %d marked redelivered%n",
                n, ((JetStreamPublisher<?>) out).retries.get(), stored, deliveries.get(), duplicates, redelivered.get());
        assertEquals(n, stored, "the stream stored a retried send twice");
        // A killed server may lose the consumer's latest state: it then delivers again, unmarked
        // (deliveredCount 1), what had been delivered. The stream sequence stays the key.
        assertEquals(0, moved.get(), "a duplicate with another stream sequence");
        assertTrue(duplicates < n / 2, "duplicates " + duplicates);         // seen: 7 to 276
        in.close();
    }

    @Test
    void coreSubscriptionsResumeOnceTheClientHasReconnected() throws Exception {
        NatsChannels nats = connect(NatsServers.patient(server).build());
        NatsReceiveChannel<String> in = nats.subscribe("resume", Codec.utf8(), 16);
        NatsSendChannel<String> out = nats.publisher("resume", Codec.utf8());
        nats.flush(Duration.ofSeconds(5));
        out.send("before");
        assertEquals("before", in.receive(Duration.ofSeconds(10)));
        server.kill();
        server.restart();
        NatsServers.eventually("reconnected", Duration.ofSeconds(30),
                () -> nats.connection().getStatus() == io.nats.client.Connection.Status.CONNECTED);
        nats.flush(Duration.ofSeconds(5));                       // resubscribed at the new server
        out.send("after");
        assertEquals("after", in.receive(Duration.ofSeconds(10)));
        assertEquals(null, in.failure());
        in.close();
    }

    @Test
    void aConsumerProcessThatIsCutLosesNothing() throws Exception {
        NatsChannels nats = connect(NatsServers.patient(server).build());
        NatsServers.streamAndConsumer(nats, "CUT", "cut", "workers", Duration.ofSeconds(1));
        int n = 100;
        NatsServers.storeNumbers(nats, "cut", n);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process cut = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CutConsumer.class.getName(), server.url(), "CUT", "workers", "10")
                .redirectErrorStream(true).start();
        Set<Long> takenByTheCut = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(cut.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && !line.startsWith("took ")) {
                // its log lines
            }
            assertNotNull(line, "the consumer process ended before taking its share");
            for (String v : line.substring(5).split(" ")) {
                takenByTheCut.add(Long.parseLong(v));
            }
            cut.destroyForcibly();                               // kill -9: no goodbye, no acks
            cut.waitFor();
        }
        assertEquals(10, takenByTheCut.size());
        NatsReceiveChannel<Delivery<Long>> in = nats.pullConsumer("CUT", "workers", Codec.decimal(), 8);
        Set<Long> seen = new HashSet<>();
        Set<Long> redelivered = new HashSet<>();
        while (seen.size() < n) {
            Delivery<Long> d = in.receive(Duration.ofSeconds(10));
            assertNotNull(d, "lost: have " + seen.size() + " of " + n);
            seen.add(d.value());
            if (d.redelivered()) {
                redelivered.add(d.value());
            }
            d.ack();
        }
        assertTrue(redelivered.containsAll(takenByTheCut), "taken " + takenByTheCut + ", redelivered " + redelivered);
        System.out.printf("cut consumer: it took %d, %d came again to the survivor%n", takenByTheCut.size(), redelivered.size());
        in.close();
    }

    @Test
    void aJetStreamSendWaitingForTheServerIsInterruptible() throws Exception {
        NatsChannels nats = connect(NatsServers.patient(server).build());
        NatsServers.streamAndConsumer(nats, "WAIT", "wait", "reader", Duration.ofSeconds(30));
        NatsSendChannel<String> out = nats.jetStreamPublisher("wait", Codec.utf8());
        out.send("first");
        server.kill();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread sender = Channels.go(() -> {
            try {
                out.send("while down");
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        Thread.sleep(300);                                       // waiting for an acknowledgement
        assertTrue(sender.isAlive(), "a send returned while the server was down: " + ended.get());
        sender.interrupt();
        assertTrue(sender.join(Duration.ofSeconds(10)), "the send ignored its interrupt");
        assertInstanceOf(InterruptedException.class, ended.get());
    }

    @Test
    void aConnectionLostForGoodEndsEveryChannelWithItsCause() throws Exception {
        NatsChannels nats = connect(new Options.Builder().server(server.url())
                .maxReconnects(2).reconnectWait(Duration.ofMillis(100)).build());
        NatsServers.streamAndConsumer(nats, "GONE", "gone", "reader", Duration.ofSeconds(30));
        NatsReceiveChannel<String> sub = nats.subscribe("gone.core", Codec.utf8(), 4);
        NatsReceiveChannel<Delivery<String>> pull = nats.pullConsumer("GONE", "reader", Codec.utf8(), 4);
        NatsSendChannel<String> pub = nats.publisher("gone.core", Codec.utf8());
        NatsSendChannel<String> jsPub = nats.jetStreamPublisher("gone", Codec.utf8());
        nats.flush(Duration.ofSeconds(5));
        AtomicReference<Throwable> blockedReceive = new AtomicReference<>();
        Thread receiver = Channels.go(() -> {
            try {
                sub.receive();
            } catch (Throwable e) {
                blockedReceive.set(e);
            }
        });
        server.kill();                                           // and it never comes back
        assertTrue(receiver.join(Duration.ofSeconds(30)), "a blocked receive hangs on a dead connection");
        ChannelClosedException e = assertInstanceOf(ChannelClosedException.class, blockedReceive.get());
        assertInstanceOf(IOException.class, e.getCause());
        assertTrue(e.getMessage().contains("connection closed"), e.getMessage());
        ChannelClosedException p = assertThrows(ChannelClosedException.class, () -> pull.receive(Duration.ofSeconds(30)));
        assertTrue(p.getMessage().contains("connection closed"), p.getMessage());
        assertNotNull(pull.failure());
        ChannelClosedException s = assertThrows(ChannelClosedException.class, () -> pub.send("late"));
        assertInstanceOf(IOException.class, s.getCause());
        assertThrows(ChannelClosedException.class, () -> jsPub.send("late"));
        NatsReceiveChannel<String> reply = nats.request("gone.service", "?", Codec.utf8(), Codec.utf8(), Duration.ofSeconds(5));
        assertThrows(ChannelClosedException.class, () -> reply.receive(Duration.ofSeconds(30)));
    }
}
