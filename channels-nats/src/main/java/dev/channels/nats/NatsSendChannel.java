package dev.channels.nats;

import dev.channels.SendChannel;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A channel whose elements are published to a NATS subject: core NATS (at most once) or a
 * JetStream stream (each send acknowledged by the stream). It is a {@link SendChannel} in every
 * way, usable in {@code Select}; what crossing a network changes is stated by the method that
 * made it (see {@link NatsChannels}).
 *
 * <p>{@link #close()} forbids further sends, as Go's {@code close}; a send already under way
 * completes (NATS's drain). Once the connection is lost for good, every send throws a
 * {@link dev.channels.ChannelClosedException} whose cause says why.
 *
 * @param <T> the element type
 */
public interface NatsSendChannel<T> extends SendChannel<T> {
    /**
     * The subject every element is published to.
     *
     * @return the subject
     */
    String subject();

    /**
     * Waits until everything sent so far has reached the server (a NATS PING answered by its
     * PONG). A JetStream channel's sends are acknowledged one by one, so there it only checks
     * that the connection is up.
     *
     * @param timeout how long to wait
     * @throws TimeoutException if the server did not answer in time (say, while reconnecting)
     * @throws InterruptedException if interrupted while waiting
     */
    void flush(Duration timeout) throws TimeoutException, InterruptedException;

    /**
     * How many elements were published: handed to the connection (core NATS) or stored and
     * acknowledged by the stream (JetStream).
     *
     * @return the count since the channel was made
     */
    long published();
}
