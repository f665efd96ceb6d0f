package dev.channels.nats;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.SelectCase;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The local half of every {@link NatsReceiveChannel}: a channel of the library that a pump
 * (one virtual thread, in the subclass) fills from NATS, and that every receive, {@code size},
 * iteration and select case uses as it is. So the semantics of receiving are the library's own;
 * this class adds only how the channel ends.
 *
 * <p>Invariants: only the pump (or, for a reply, the reply's completion) sends into
 * {@code local}, and only the first {@link #finish} closes it; {@code failure} is written before
 * that close, so a receiver that sees the channel closed also sees why.
 *
 * @param <T> the element type
 */
abstract class InboundChannel<T> implements NatsReceiveChannel<T> {
    final Channel<T> local;
    final AtomicLong undecodable = new AtomicLong();
    private volatile Throwable failure;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();

    InboundChannel(int capacity, String name) {
        this.local = Channel.buffered(capacity, name);
    }

    /** Whether {@link #close()} was called: the pump drains and stops. */
    final boolean closing() {
        return closing.get();
    }

    @Override
    public final void close() {
        if (closing.compareAndSet(false, true)) {
            drain();
        }
    }

    /** Starts NATS's drain of the source; the pump calls {@link #finish} once it is done. */
    abstract void drain();

    /** Closes the local channel, after recording why if it was not {@link #close()}. */
    final void finish(Throwable why) {
        if (finished.compareAndSet(false, true)) {
            failure = why;
            local.close();
        }
    }

    @Override
    public final Throwable failure() {
        return failure;
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public final long undecodable() {
        return undecodable.get();
    }

    /** The closed-channel exception, with the failure that closed it as its cause. */
    private ChannelClosedException explained(ChannelClosedException e) {
        Throwable why = failure;
        if (why == null) {
            return e;
        }
        ChannelClosedException x = new ChannelClosedException(e.getMessage() + ": " + why.getMessage());
        x.initCause(why);
        return x;
    }

    @Override
    public final T receive() throws InterruptedException {
        try {
            return local.receive();
        } catch (ChannelClosedException e) {
            throw explained(e);
        }
    }

    @Override
    public final T tryReceive() {
        try {
            return local.tryReceive();
        } catch (ChannelClosedException e) {
            throw explained(e);
        }
    }

    @Override
    public final T receive(Duration timeout) throws InterruptedException {
        try {
            return local.receive(timeout);
        } catch (ChannelClosedException e) {
            throw explained(e);
        }
    }

    @Override
    public final Optional<T> receiveOk() throws InterruptedException {
        return local.receiveOk();
    }

    @Override
    public final boolean isClosed() {
        return local.isClosed();
    }

    @Override
    public final int size() {
        return local.size();
    }

    @Override
    public final int capacity() {
        return local.capacity();
    }

    @Override
    public final Iterator<T> iterator() {
        return local.iterator();                 // ends at the close; failure() says if it failed
    }

    @Override
    public final <R> SelectCase<R> onReceive(Function<? super T, ? extends R> then) {
        return local.onReceive(then);
    }

    @Override
    public final <R> SelectCase<R> onReceiveOk(Function<? super Optional<T>, ? extends R> then) {
        return local.onReceiveOk(then);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + local + (failure != null ? ", failed: " + failure.getMessage() : "") + "]";
    }
}
