package dev.channels.nats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A real nats-server for the tests, and what they share. */
final class NatsServers {
    private NatsServers() {
    }

    /**
     * Starts a nats-server with JetStream; skips the test where none is installed, unless
     * {@code CHANNELS_REQUIRE_NATS} is set (as .ci/run sets it), where that fails it.
     */
    static LocalNatsServer start() throws IOException {
        boolean installed = LocalNatsServer.binary().isPresent();
        if (System.getenv("CHANNELS_REQUIRE_NATS") == null) {
            assumeTrue(installed, "nats-server is not installed (Debian: apt-get install nats-server)");
        }
        return LocalNatsServer.start();
    }

    /** Options for a client that reconnects quickly and without end (the fault tests restart the server). */
    static Options.Builder patient(LocalNatsServer server) {
        return new Options.Builder().server(server.url())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100))
                .connectionTimeout(Duration.ofSeconds(5));
    }

    /** A file-stored stream capturing {@code subject}, and a durable pull consumer with explicit acks. */
    static void streamAndConsumer(NatsChannels nats, String stream, String subject, String durable, Duration ackWait)
            throws Exception {
        var jsm = nats.connection().jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject).storageType(StorageType.File).build());
        jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                .durable(durable).ackPolicy(AckPolicy.Explicit).ackWait(ackWait).build());
    }

    /** Stores 0 to {@code n - 1} on {@code subject} through a JetStream publisher, each acknowledged; returns it. */
    static NatsSendChannel<Long> storeNumbers(NatsChannels nats, String subject, int n) throws Exception {
        NatsSendChannel<Long> out = nats.jetStreamPublisher(subject, Codec.decimal());
        for (long i = 0; i < n; i++) {
            out.send(i);
        }
        return out;
    }

    /** Waits (bounded) for {@code condition}; fails with {@code what} if it never holds. */
    static void eventually(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("never happened within " + limit + ": " + what);
            }
            Thread.sleep(10);
        }
    }
}
