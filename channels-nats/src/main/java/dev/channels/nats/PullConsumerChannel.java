package dev.channels.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A JetStream durable pull consumer as a channel of {@link Delivery deliveries}: at least once.
 *
 * <p>Bounded prefetch: the pump asks the server for no more messages than the channel has room
 * for (one when it has none, and then waits to hand that one over), so at most
 * {@code capacity + 1} delivered messages wait unreceived in this process, and the channel's
 * capacity is real back-pressure on the stream. A message waiting there is not yet acknowledged:
 * its ack wait runs from its delivery, so the consumer's ack wait should exceed the time a full
 * channel takes to drain (or receivers call {@link Delivery#inProgress()}).
 *
 * <p>Why nothing is lost: the stream forgets a message for this consumer only on an ack. A
 * message the pump fetched, the channel held, or a receiver took and never acknowledged (its
 * process died, the connection broke) is delivered again once its ack wait has passed. A
 * disconnection only pauses the pump: it retries its pull, with a growing pause, until the
 * client has reconnected, or until the connection is closed for good, which closes the channel
 * with that failure.
 *
 * @param <T> the element type
 */
final class PullConsumerChannel<T> extends InboundChannel<Delivery<T>> {
    /** How long one pull waits on the server for messages: the pump's latency to a close. */
    private static final Duration PULL_WAIT = Duration.ofMillis(500);
    private static final long MAX_PAUSE_MILLIS = 1000;

    private final Connection connection;
    private final JetStreamSubscription subscription;
    private final Codec<T> codec;

    PullConsumerChannel(Connection connection, String stream, String durable, Codec<T> codec, int capacity)
            throws IOException, JetStreamApiException {
        super(capacity, "jetstream:" + stream + "/" + durable);
        this.connection = connection;
        this.codec = codec;
        this.subscription = connection.jetStream().subscribe(null, PullSubscribeOptions.bind(stream, durable));
        Thread.ofVirtual().name("nats-pull " + stream + "/" + durable).start(this::pump);
    }

    private void pump() {
        long pause = 10;
        try {
            while (!closing()) {
                int room = Math.max(1, local.capacity() - local.size());
                List<Message> batch;
                try {
                    batch = subscription.fetch(room, PULL_WAIT);
                    pause = 10;
                } catch (JetStreamStatusException e) {
                    finish(new IOException("nats: the consumer refused the pull: " + e.getMessage(), e));
                    return;
                } catch (IllegalStateException e) {
                    if (connection.getStatus() == Connection.Status.CLOSED) {
                        finish(closed());
                        return;
                    }
                    Thread.sleep(pause);              // disconnected: the client reconnects meanwhile
                    pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
                    continue;
                }
                for (Message m : batch) {
                    hand(m);
                }
                if (batch.isEmpty() && connection.getStatus() == Connection.Status.CLOSED) {
                    finish(closed());
                    return;
                }
            }
            subscription.unsubscribe();              // the durable consumer stays on the server
            finish(null);
        } catch (InterruptedException e) {
            finish(new IOException("the consumer's pump was interrupted", e));
        } catch (IllegalStateException e) {
            finish(connection.getStatus() == Connection.Status.CLOSED ? closed() : new IOException("nats: " + e.getMessage(), e));
        }
    }

    /** Into the channel; a message fetched while closing is handed back at once if no room. */
    private void hand(Message m) throws InterruptedException {
        if (!m.isJetStream()) {
            return;                                  // a status (timeout of the pull): nothing to deliver
        }
        T value;
        try {
            value = codec.decode(m.getData());
        } catch (RuntimeException e) {
            undecodable.incrementAndGet();
            m.term();                                // never redelivered: it would fail again
            return;
        }
        Delivery<T> d = new Delivery<>(value, m);
        if (closing()) {
            if (!local.trySend(d)) {
                m.nak();
            }
            return;
        }
        local.send(d);
    }

    private IOException closed() {
        return NatsChannels.connectionClosed(connection, null, null);
    }

    @Override
    void drain() {
        // the pump sees closing() after its current pull, unsubscribes and closes the channel
    }
}
