package dev.channels.nats;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * A core NATS subscription (optionally in a queue group) as a channel: at most once.
 *
 * <p>The client reads messages off the socket into the subscription's pending queue, bounded by
 * its pending limit; the pump moves them, decoded, into the channel, waiting while the channel
 * is full. So a receiver that falls behind first fills the channel, then the pending queue, and
 * then the client drops what arrives and counts it ({@link #dropped()}): NATS's slow consumer.
 * The server never waits for a subscriber, and nothing is redelivered.
 *
 * @param <T> the element type
 */
final class SubscriptionChannel<T> extends InboundChannel<T> {
    /** How long the pump waits for a message before it looks whether it should stop. */
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final Subscription subscription;
    private final Function<Message, T> decode;

    SubscriptionChannel(Connection connection, String subject, String queueGroup, int capacity,
                        long pendingLimit, Function<Message, T> decode) {
        super(capacity, "nats:" + subject + (queueGroup != null ? " (" + queueGroup + ")" : ""));
        this.connection = connection;
        this.decode = decode;
        this.subscription = queueGroup == null
                ? connection.subscribe(subject)
                : connection.subscribe(subject, queueGroup);
        if (pendingLimit > 0) {
            subscription.setPendingLimits(pendingLimit, -1);
        }
        Thread.ofVirtual().name("nats-subscription " + subject).start(this::pump);
    }

    private void pump() {
        try {
            for (;;) {
                Message m;
                try {
                    m = subscription.nextMessage(POLL);
                } catch (IllegalStateException inactive) {
                    finish(closing() ? null : lost("subscription ended: " + inactive.getMessage()));
                    return;
                }
                if (m == null) {
                    if (!subscription.isActive()) {
                        finish(closing() ? null : lost("subscription ended"));
                        return;
                    }
                    continue;
                }
                T value;
                try {
                    value = decode.apply(m);
                } catch (RuntimeException e) {
                    undecodable.incrementAndGet();
                    continue;
                }
                local.send(value);
            }
        } catch (InterruptedException e) {
            finish(new IOException("the subscription's pump was interrupted", e));
        }
    }

    /**
     * Why the subscription ended when nobody closed it. Only this class holds the subscription,
     * so that is the connection closing; the client ends its subscriptions a moment before it
     * says CLOSED, so the status cannot be asked.
     */
    private IOException lost(String what) {
        return NatsChannels.connectionClosed(connection, what, null);
    }

    @Override
    void drain() {
        try {
            subscription.drain(DRAIN_TIMEOUT);       // the pump sees it end once its queue is empty
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            subscription.unsubscribe();
        } catch (IllegalStateException alreadyGone) {
            // the connection is closed: the pump ends on its own
        }
    }

    @Override
    public long dropped() {
        return subscription.getDroppedCount();
    }
}
