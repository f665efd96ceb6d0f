package dev.channels.nats;

import dev.channels.ReceiveChannel;

/**
 * A channel whose elements arrive from NATS: a subscription, a queue group, a request's reply or
 * a JetStream consumer. It is a {@link ReceiveChannel} in every way, usable in {@code Select}
 * beside local channels and a {@code Context}'s {@code done()}; what crossing a network changes
 * is stated by the method that made it (see {@link NatsChannels}).
 *
 * <p>It ends in one of two ways. {@link #close()} is NATS's drain: the server stops sending,
 * what was already on its way is still delivered into the channel, and then the channel closes,
 * so a {@code for} loop over it ends after the last element. Or the connection is lost for good
 * (its reconnection attempts ran out, or it was closed): the channel closes the same way, and
 * {@link #failure()} says why; a receive that finds it closed and drained throws a
 * {@link dev.channels.ChannelClosedException} whose cause is that failure. A disconnection that
 * is repaired (the client reconnects) does not close it.
 *
 * @param <T> the element type
 */
public interface NatsReceiveChannel<T> extends ReceiveChannel<T>, AutoCloseable {
    /**
     * Drains, then closes: no new messages are asked for, those on their way are delivered, and
     * the channel is closed after them. Returns at once; receivers see the end. A second call
     * does nothing.
     */
    @Override
    void close();

    /**
     * Why the channel closed, if not by {@link #close()}.
     *
     * @return the failure (the connection closed, the consumer was deleted, ...), or null
     */
    Throwable failure();

    /**
     * Messages the client dropped because this channel's receivers fell behind and the
     * subscription's pending limit was reached (NATS's slow consumer). Always 0 for a JetStream
     * consumer, which never runs ahead of its capacity.
     *
     * @return the count since the channel was made
     */
    long dropped();

    /**
     * Messages whose payload the codec could not decode: dropped (core NATS) or terminated
     * (JetStream, so never redelivered).
     *
     * @return the count since the channel was made
     */
    long undecodable();
}
