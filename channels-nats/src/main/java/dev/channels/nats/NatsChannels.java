package dev.channels.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Channels that cross processes, over one NATS connection: Go's {@code nats.go}
 * ({@code ChanSubscribe}, {@code ChanQueueSubscribe}, request-reply, JetStream pull consumers)
 * with this library's channels, so that a subject is received or sent in a {@code Select}
 * beside local channels, timers and a {@code Context}.
 *
 * <h2>What changes when a channel crosses a network</h2>
 *
 * <table class="striped">
 * <caption>Delivery guarantees</caption>
 * <tr><th>channel</th><th>delivery</th><th>duplicates</th><th>order</th></tr>
 * <tr><td>{@link #subscribe} / {@link #queueSubscribe}, {@link #publisher}</td>
 *     <td>at most once: lost with a connection, dropped (and counted) past a slow receiver's
 *     pending limit, never redelivered</td><td>none</td>
 *     <td>per publisher and subject, as published</td></tr>
 * <tr><td>{@link #jetStreamPublisher}</td><td>each send returns once the stream stored it;
 *     retried across disconnections</td><td>removed by message id within the stream's
 *     duplicate window</td><td>per publisher, as sent</td></tr>
 * <tr><td>{@link #pullConsumer}</td><td>at least once: redelivered until acknowledged</td>
 *     <td>possible after a crash or a late ack: check {@link Delivery#redelivered()}</td>
 *     <td>stream order, but a redelivery comes after later messages</td></tr>
 * <tr><td>{@link #request} / {@link #serve}</td><td>at most once each way</td><td>none</td>
 *     <td>—</td></tr>
 * </table>
 *
 * <p>In-process channels never lose an element and hand it over exactly once; none of these
 * can promise both, because a process or a link can die between a send and its receipt.
 * {@code close()} is NATS's drain (see {@link NatsReceiveChannel} and {@link NatsSendChannel}).
 * A disconnection is repaired by the client's reconnection (meanwhile receives wait and
 * JetStream sends retry); once the connection is closed for good, every channel of it ends with
 * a {@link dev.channels.ChannelClosedException} whose cause says so, never a silent hang.
 *
 * <pre>{@code
 * try (NatsChannels nats = NatsChannels.connect("nats://127.0.0.1:4222")) {
 *     NatsReceiveChannel<String> greetings = nats.subscribe("greet", Codec.utf8(), 64);
 *     String g = Select.select(
 *             greetings.onReceive(s -> s),
 *             ctx.done().onReceiveOk(x -> "cancelled"));
 * }
 * }</pre>
 */
public final class NatsChannels implements AutoCloseable {
    /** How long {@link #close()} lets the connection drain. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final boolean owned;

    private NatsChannels(Connection connection, boolean owned) {
        this.connection = connection;
        this.owned = owned;
    }

    /**
     * Connects to a NATS server (or a comma-separated list of them), reconnecting as the client
     * does by default: up to 60 times, 2 seconds apart, before the connection is closed for good.
     * A request nobody serves fails at once with "no responders" (NATS's 503), not at its timeout.
     *
     * @param url such as {@code nats://127.0.0.1:4222}
     * @return the channels of the new connection, which {@link #close()} closes
     * @throws IOException if no server could be reached
     * @throws InterruptedException if interrupted while connecting
     */
    public static NatsChannels connect(String url) throws IOException, InterruptedException {
        Objects.requireNonNull(url, "url");
        return connect(new Options.Builder().server(url).reportNoResponders().build());
    }

    /**
     * Connects with the client's own options (reconnection, authentication, TLS...). Without
     * {@code reportNoResponders()} among them, the client reports a request nobody serves as if
     * it had timed out.
     *
     * @param options the NATS client's options
     * @return the channels of the new connection, which {@link #close()} closes
     * @throws IOException if no server could be reached
     * @throws InterruptedException if interrupted while connecting
     */
    public static NatsChannels connect(Options options) throws IOException, InterruptedException {
        Objects.requireNonNull(options, "options");
        return new NatsChannels(Nats.connect(options), true);
    }

    /**
     * Channels over a connection the caller made and keeps: {@link #close()} leaves it open.
     *
     * @param connection an open connection
     * @return its channels
     */
    public static NatsChannels over(Connection connection) {
        return new NatsChannels(Objects.requireNonNull(connection, "connection"), false);
    }

    /**
     * The NATS connection, for what this class does not cover (streams and consumers are made
     * with its {@code jetStreamManagement()}).
     *
     * @return the connection
     */
    public Connection connection() {
        return connection;
    }

    // ---------------------------------------------------------------- core NATS

    /**
     * A subject as a send channel: each send publishes one message, at most once. Go:
     * {@code nc.Publish(subject, data)}.
     *
     * @param subject a subject without wildcards
     * @param codec how an element becomes a payload
     * @param <T> the element type
     * @return the channel
     */
    public <T> NatsSendChannel<T> publisher(String subject, Codec<T> codec) {
        return new CorePublisher<>(connection, subject, codec);
    }

    /**
     * A subject (wildcards allowed) as a receive channel of {@code capacity}: every subscriber
     * receives every message, at most once. Go: {@code nc.ChanSubscribe(subject, ch)}.
     *
     * @param subject the subject, such as {@code orders.>}
     * @param codec how a payload becomes an element
     * @param capacity the channel's buffer (0: unbuffered)
     * @param <T> the element type
     * @return the channel; {@link NatsReceiveChannel#close()} drains the subscription
     */
    public <T> NatsReceiveChannel<T> subscribe(String subject, Codec<T> codec, int capacity) {
        return subscribe(subject, null, codec, capacity, 0);
    }

    /**
     * A queue group as a shared receive channel: each message goes to one member of the group,
     * wherever its process runs, so work is split across processes. Go:
     * {@code nc.ChanQueueSubscribe(subject, queue, ch)}.
     *
     * @param subject the subject
     * @param queueGroup the group's name
     * @param codec how a payload becomes an element
     * @param capacity the channel's buffer (0: unbuffered)
     * @param <T> the element type
     * @return the channel; {@link NatsReceiveChannel#close()} drains the subscription
     */
    public <T> NatsReceiveChannel<T> queueSubscribe(String subject, String queueGroup, Codec<T> codec, int capacity) {
        Objects.requireNonNull(queueGroup, "queueGroup");
        return subscribe(subject, queueGroup, codec, capacity, 0);
    }

    /**
     * A subscription with every choice: a queue group or none, and the pending limit past which
     * the client drops what a slow receiver has not taken.
     *
     * @param subject the subject
     * @param queueGroup the group's name, or null for a plain subscription
     * @param codec how a payload becomes an element
     * @param capacity the channel's buffer (0: unbuffered)
     * @param pendingLimit messages the client holds beyond the channel before it drops them
     *        (0: the client's default, 512K)
     * @param <T> the element type
     * @return the channel
     */
    public <T> NatsReceiveChannel<T> subscribe(String subject, String queueGroup, Codec<T> codec, int capacity,
                                               long pendingLimit) {
        checkSubject(subject);
        Objects.requireNonNull(codec, "codec");
        checkCapacity(capacity);
        if (pendingLimit < 0) {
            throw new IllegalArgumentException("nats: negative pending limit: " + pendingLimit);
        }
        return new SubscriptionChannel<>(connection, subject, queueGroup, capacity, pendingLimit,
                m -> codec.decode(m.getData()));
    }

    // ---------------------------------------------------------------- request-reply

    /**
     * Sends a request and returns the channel its reply arrives on: one element, then closed; or
     * closed with no element and {@link NatsReceiveChannel#failure()} saying why (no responders,
     * no reply within {@code timeout}, the connection closed). Go:
     * {@code nc.Request(subject, data, timeout)}, but as a channel, so that a {@code Select} can
     * wait for it beside anything else.
     *
     * @param subject the service's subject
     * @param request the request
     * @param requestCodec how the request becomes a payload
     * @param replyCodec how the reply's payload becomes an element
     * @param timeout how long the reply may take
     * @param <Q> the request's type
     * @param <R> the reply's type
     * @return the reply channel
     */
    public <Q, R> NatsReceiveChannel<R> request(String subject, Q request, Codec<Q> requestCodec, Codec<R> replyCodec,
                                                Duration timeout) {
        checkPublishSubject(subject);
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(replyCodec, "replyCodec");
        Objects.requireNonNull(timeout, "timeout");
        byte[] payload = requestCodec.encode(request);
        CompletableFuture<Message> reply;
        try {
            reply = connection.requestWithTimeout(subject, payload, timeout);
        } catch (IllegalStateException e) {      // the client refuses at once once closed
            reply = CompletableFuture.failedFuture(connection.getStatus() == Connection.Status.CLOSED
                    ? connectionClosed(connection, null, e) : e);
        }
        return new ReplyChannel<>(subject, reply, replyCodec);
    }

    /**
     * A service's requests as a receive channel, each carrying its reply channel; with a queue
     * group, requests are split across the group's processes. Go:
     * {@code nc.QueueSubscribe(subject, queue, func(m *nats.Msg) { m.Respond(...) })}.
     *
     * @param subject the service's subject
     * @param queueGroup the group's name, or null for a plain subscription
     * @param requestCodec how a request's payload becomes an element
     * @param replyCodec how a reply becomes a payload
     * @param capacity the channel's buffer (0: unbuffered)
     * @param <Q> the request's type
     * @param <R> the reply's type
     * @return the channel of requests; {@link NatsReceiveChannel#close()} drains it
     */
    public <Q, R> NatsReceiveChannel<Request<Q, R>> serve(String subject, String queueGroup, Codec<Q> requestCodec,
                                                         Codec<R> replyCodec, int capacity) {
        checkSubject(subject);
        Objects.requireNonNull(requestCodec, "requestCodec");
        Objects.requireNonNull(replyCodec, "replyCodec");
        checkCapacity(capacity);
        return new SubscriptionChannel<>(connection, subject, queueGroup, capacity, 0,
                (Message m) -> new Request<>(requestCodec.decode(m.getData()), m.getReplyTo(), connection, replyCodec));
    }

    // ---------------------------------------------------------------- JetStream

    /**
     * A subject of a JetStream stream as a send channel: each send returns once the stream has
     * stored the element, retrying across disconnections without storing it twice (see the
     * table above). Go: {@code js.Publish(subject, data, nats.MsgId(id))} in a retry loop.
     * Every way of sending waits for the stream's acknowledgement, {@code trySend} and a
     * {@code Select}'s send case included (those wait for that one round trip, not for a
     * receiver): a stream has no "ready now" short of storing the element.
     *
     * @param subject a subject one of the server's streams captures
     * @param codec how an element becomes a payload
     * @param <T> the element type
     * @return the channel
     * @throws IOException if the connection has no JetStream context
     */
    public <T> NatsSendChannel<T> jetStreamPublisher(String subject, Codec<T> codec) throws IOException {
        return new JetStreamPublisher<>(connection, subject, codec);
    }

    /**
     * A durable pull consumer as a receive channel of deliveries, each to be acknowledged: at
     * least once, with at most {@code prefetch + 1} messages fetched but not yet received, so
     * that the channel's capacity is real back-pressure on the stream. Several processes may
     * bind the same consumer: each message goes to one of them. Go:
     * {@code sub, _ := js.PullSubscribe(subject, durable); sub.Fetch(n)} in a loop.
     *
     * @param stream the stream's name
     * @param durable the durable consumer's name (made beforehand, with explicit acks)
     * @param codec how a payload becomes an element
     * @param prefetch the channel's capacity (0: fetch one at a time)
     * @param <T> the element type
     * @return the channel; {@link NatsReceiveChannel#close()} stops fetching, and what it
     *         holds can still be received and acknowledged
     * @throws IOException if the consumer cannot be bound (no such stream or consumer)
     */
    public <T> NatsReceiveChannel<Delivery<T>> pullConsumer(String stream, String durable, Codec<T> codec, int prefetch)
            throws IOException {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(durable, "durable");
        Objects.requireNonNull(codec, "codec");
        checkCapacity(prefetch);
        try {
            return new PullConsumerChannel<>(connection, stream, durable, codec, prefetch);
        } catch (JetStreamApiException e) {
            throw new IOException("nats: cannot bind consumer " + durable + " of stream " + stream + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- the connection

    /**
     * Waits until everything published on this connection has reached the server.
     *
     * @param timeout how long to wait
     * @throws TimeoutException if the server did not answer in time
     * @throws InterruptedException if interrupted
     */
    public void flush(Duration timeout) throws TimeoutException, InterruptedException {
        connection.flush(timeout);
    }

    /**
     * Drains the connection, as NATS defines it: its subscriptions stop, what they had received
     * is still delivered to their channels, what was published is flushed, and then the
     * connection closes (if this object opened it). Waits up to 30 seconds for the drain. If
     * interrupted meanwhile it closes the connection at once and returns with the interrupt
     * status set, as {@code ExecutorService.close()} does.
     */
    @Override
    public void close() {
        if (!owned) {
            return;
        }
        boolean interrupted = false;
        try {
            connection.drain(DRAIN_TIMEOUT).get(DRAIN_TIMEOUT.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (TimeoutException | java.util.concurrent.ExecutionException | IllegalStateException e) {
            // could not drain in time (or already closed): close below
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "NatsChannels[" + connection.getConnectedUrl() + ", " + connection.getStatus() + "]";
    }

    // ---------------------------------------------------------------- checks

    /**
     * Why a channel ended when its connection did: "nats: connection closed", with what was
     * seen ({@code seen}, may be null) and the client's last error, if any.
     */
    static IOException connectionClosed(Connection connection, String seen, Throwable cause) {
        String last = connection.getLastError();
        String detail = seen != null && last != null ? seen + "; " + last : seen != null ? seen : last;
        return new IOException("nats: connection closed" + (detail != null ? " (" + detail + ")" : ""), cause);
    }

    /** A subject messages can be published to: valid, and without wildcards. */
    static String checkPublishSubject(String subject) {
        checkSubject(subject);
        if (subject.contains("*") || subject.contains(">")) {
            throw new IllegalArgumentException("nats: invalid publish subject (wildcards are for subscribers): " + subject);
        }
        return subject;
    }

    static String checkSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty() || subject.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\r' || c == '\n')
                || subject.startsWith(".") || subject.endsWith(".") || subject.contains("..")) {
            throw new IllegalArgumentException("nats: invalid subject: \"" + subject + "\"");
        }
        return subject;
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("makechan: size out of range: " + capacity);
        }
    }
}
