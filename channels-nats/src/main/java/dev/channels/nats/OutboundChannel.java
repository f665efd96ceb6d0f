package dev.channels.nats;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.SelectCase;
import io.nats.client.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What every {@link NatsSendChannel} shares: the closed state, and a send case for
 * {@code Select} without a thread of its own.
 *
 * <p>A send publishes on the sender's thread ({@link #publish}), so there is no queue of this
 * library's between a send and the connection, and no thread to leak. For a select case, the
 * element goes through {@code gate}, a channel of capacity one: the case is ready when the gate
 * has room, and the chosen case's continuation takes the element back out of the gate and
 * publishes it before it runs the user's {@code then}. Only those continuations receive from
 * the gate, each right after its own case put one element there, and the gate holds one element
 * at most, so each continuation takes its own element.
 *
 * @param <T> the element type
 */
abstract class OutboundChannel<T> implements NatsSendChannel<T> {
    final Connection connection;
    final String subject;
    final Codec<T> codec;
    final AtomicLong published = new AtomicLong();
    private final Channel<T> gate = Channel.buffered(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    OutboundChannel(Connection connection, String subject, Codec<T> codec) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.subject = NatsChannels.checkPublishSubject(subject);
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * Publishes one element, waiting as long as {@code timeout} allows (null: no limit).
     *
     * @return false if the timeout passed first
     */
    abstract boolean publish(T value, Duration timeout) throws InterruptedException;

    /** Throws what a send on this channel throws now, if it may not proceed. */
    final void checkOpen() {
        if (closed.get()) {
            throw new ChannelClosedException("send on closed channel");
        }
        if (connection.getStatus() == Connection.Status.CLOSED) {
            throw lost();
        }
    }

    /** The exception for a send once the connection is closed for good. */
    final ChannelClosedException lost() {
        IOException why = NatsChannels.connectionClosed(connection, null, null);
        ChannelClosedException e = new ChannelClosedException("send on closed channel: " + why.getMessage());
        e.initCause(why);
        return e;
    }

    @Override
    public final void send(T value) throws InterruptedException {
        Objects.requireNonNull(value, "value");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        checkOpen();
        publish(value, null);
    }

    @Override
    public final boolean send(T value, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timeout, "timeout");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        checkOpen();
        return publish(value, timeout);
    }

    @Override
    public final boolean trySend(T value) {
        Objects.requireNonNull(value, "value");
        checkOpen();
        try {
            return publish(value, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public final <R> SelectCase<R> onSend(T value, Supplier<? extends R> then) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(then, "then");
        return gate.onSend(value, () -> {
            T mine = gate.tryReceive();
            checkOpen();
            try {
                publish(mine, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing a selected send to " + subject, e);
            }
            return then.get();
        });
    }

    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            throw new ChannelClosedException("close of closed channel");
        }
        gate.close();                                // a select's send case on it is now ready and throws
    }

    @Override
    public final boolean isClosed() {
        return closed.get();
    }

    @Override
    public final String subject() {
        return subject;
    }

    @Override
    public final long published() {
        return published.get();
    }

    @Override
    public void flush(Duration timeout) throws TimeoutException, InterruptedException {
        connection.flush(timeout);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + subject + (closed.get() ? ", closed" : "") + "]";
    }
}
