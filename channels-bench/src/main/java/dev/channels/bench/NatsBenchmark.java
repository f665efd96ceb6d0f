package dev.channels.bench;

import dev.channels.Channel;
import dev.channels.ReceiveChannel;
import dev.channels.SendChannel;
import dev.channels.nats.Codec;
import dev.channels.nats.Delivery;
import dev.channels.nats.LocalNatsServer;
import dev.channels.nats.NatsChannels;
import dev.channels.nats.NatsReceiveChannel;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What crossing a process costs: the same ping-pong and one-way stream over an in-process
 * channel ({@code local}), a core NATS subject through a nats-server on loopback ({@code nats},
 * at most once), the official client alone on the same subjects ({@code jnats}: a publish and a
 * synchronous subscription, no channel; what channels-nats adds is the difference), and a
 * JetStream stream ({@code jetstream}: each send acknowledged by the stream,
 * each delivery acknowledged by the receiver), ns per message. The server is a real
 * {@code nats-server} (Debian's package), started for the trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class NatsBenchmark {
    static final int ROUND_TRIPS = 1_000;
    static final int STREAM = 10_000;

    @Param({"local", "nats", "jnats", "jetstream"})
    public String transport;

    private LocalNatsServer server;
    private NatsChannels nats;
    /** A receive, and for JetStream the ack that ends it. */
    @FunctionalInterface
    interface Take {
        long take() throws InterruptedException;

        static Take of(ReceiveChannel<Long> in) {
            return in::receive;
        }

        /** The official client alone: a synchronous subscription, no channel. */
        static Take raw(io.nats.client.Subscription sub) {
            return () -> Long.parseLong(new String(sub.nextMessage(Duration.ofSeconds(30)).getData(),
                    java.nio.charset.StandardCharsets.US_ASCII));
        }

        static Take acked(NatsReceiveChannel<Delivery<Long>> in) {
            return () -> {
                Delivery<Long> d = in.receive();
                d.ack();
                return d.value();
            };
        }
    }

    /** A send. */
    @FunctionalInterface
    interface Put {
        void put(long v) throws InterruptedException;

        static Put of(SendChannel<Long> out) {
            return out::send;
        }

        /** The official client alone: a publish, no channel. */
        static Put raw(io.nats.client.Connection c, String subject) {
            return v -> c.publish(subject, Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private Put ping;
    private Take pingIn;
    private Put pong;
    private Take pongIn;
    private Put stream;
    private Take streamIn;

    @Setup(Level.Trial)
    public void start() throws Exception {
        if (transport.equals("local")) {
            Channel<Long> a = Channel.unbuffered();
            Channel<Long> b = Channel.unbuffered();
            Channel<Long> s = Channel.buffered(1024);
            ping = Put.of(a);
            pingIn = Take.of(a);
            pong = Put.of(b);
            pongIn = Take.of(b);
            stream = Put.of(s);
            streamIn = Take.of(s);
            return;
        }
        server = LocalNatsServer.start();
        nats = NatsChannels.connect(server.url());
        if (transport.equals("nats")) {
            pingIn = Take.of(nats.subscribe("bench.ping", Codec.decimal(), 0));
            pongIn = Take.of(nats.subscribe("bench.pong", Codec.decimal(), 0));
            streamIn = Take.of(nats.subscribe("bench.stream", Codec.decimal(), 1024));
            ping = Put.of(nats.publisher("bench.ping", Codec.decimal()));
            pong = Put.of(nats.publisher("bench.pong", Codec.decimal()));
            stream = Put.of(nats.publisher("bench.stream", Codec.decimal()));
        } else if (transport.equals("jnats")) {
            var c = nats.connection();
            pingIn = Take.raw(c.subscribe("bench.ping"));
            pongIn = Take.raw(c.subscribe("bench.pong"));
            streamIn = Take.raw(c.subscribe("bench.stream"));
            ping = Put.raw(c, "bench.ping");
            pong = Put.raw(c, "bench.pong");
            stream = Put.raw(c, "bench.stream");
        } else {
            pingIn = Take.acked(jetStream("PING", 0));
            pongIn = Take.acked(jetStream("PONG", 0));
            streamIn = Take.acked(jetStream("STREAM", 1024));
            ping = Put.of(nats.jetStreamPublisher("bench.PING", Codec.decimal()));
            pong = Put.of(nats.jetStreamPublisher("bench.PONG", Codec.decimal()));
            stream = Put.of(nats.jetStreamPublisher("bench.STREAM", Codec.decimal()));
        }
        nats.flush(Duration.ofSeconds(5));
    }

    /** A file-stored stream on {@code bench.<name>} and its consumer, as a channel of {@code prefetch}. */
    private NatsReceiveChannel<Delivery<Long>> jetStream(String name, int prefetch) throws Exception {
        var jsm = nats.connection().jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(name).subjects("bench." + name)
                .storageType(StorageType.File).build());
        jsm.addOrUpdateConsumer(name, ConsumerConfiguration.builder().durable("reader")
                .ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofSeconds(60)).build());
        return nats.pullConsumer(name, "reader", Codec.decimal(), prefetch);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (nats != null) {
            nats.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** One message there and one back, ns per round trip (jetstream: each stored, delivered, acked). */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void roundTrip() throws InterruptedException {
        Workers w = new Workers("virtual");
        w.start(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                pong.put(pingIn.take());
            }
        });
        w.start(() -> {
            for (long i = 0; i < ROUND_TRIPS; i++) {
                ping.put(i);
                pongIn.take();
            }
        });
        w.joinAll();
    }

    /** One producer, one consumer, ns per message delivered (jetstream: stored, delivered, acked). */
    @Benchmark
    @OperationsPerInvocation(STREAM)
    public void oneWay() throws InterruptedException {
        Workers w = new Workers("virtual");
        w.start(() -> {
            for (long i = 0; i < STREAM; i++) {
                stream.put(i);
            }
        });
        w.start(() -> {
            for (int i = 0; i < STREAM; i++) {
                streamIn.take();
            }
        });
        w.joinAll();
    }
}
