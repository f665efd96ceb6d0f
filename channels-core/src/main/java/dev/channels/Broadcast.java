package dev.channels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One channel in, any number of subscribers out: every element sent is delivered to every
 * subscriber, each through a buffer of its own with its own {@link Overflow policy} for when
 * it falls behind. What Go programs hand-roll with a channel per client and a fan-out loop
 * (Kotlin's {@code SharedFlow}, core.async's {@code mult}).
 *
 * <pre>{@code
 * Broadcast<Frame> frames = new Broadcast<>();
 * Channels.go(() -> { for (;;) frames.send(render()); });          // the producer
 *
 * try (Broadcast.Subscription<Frame> s = frames.subscribe(8, Broadcast.Overflow.DROP_OLDEST)) {
 *     for (Frame f : s) {                                           // each client
 *         write(f);
 *     }
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>A broadcast is a {@link SendChannel}: {@code send}, {@code trySend}, timed sends,
 *       {@code onSend} in a select, and {@code close}, with the semantics of an unbuffered (or
 *       buffered, see {@link #Broadcast(int)}) channel. A send completes once the broadcast has
 *       taken the element for delivery.
 *   <li>A subscriber receives every element sent after its {@link #subscribe} returned, in the
 *       order sent, except those its overflow policy dropped. Its {@link Subscription} is a
 *       {@link ReceiveChannel}: receive, range, select.
 *   <li>{@link Overflow#BLOCK} holds up delivery to everyone until the slow subscriber takes
 *       the element, and so, through the input channel, the senders: nothing is lost.
 *       {@link Overflow#DROP_OLDEST} and {@link Overflow#DROP_NEWEST} never hold up anyone:
 *       they drop the oldest buffered element, or the new one, and count it
 *       ({@link Subscription#dropped()}).
 *   <li>{@link #close()} closes the input; once the elements sent before it are delivered,
 *       every subscription is closed, and its subscriber drains its buffer and sees the closure.
 *       Subscribing after that gives a closed subscription.
 *   <li>{@link Subscription#close()} unsubscribes: nothing more is delivered to it, a delivery
 *       blocked on it gives up, and its channel is closed (a receiver drains what was buffered).
 * </ul>
 *
 * <h2>Algorithm</h2>
 *
 * A goroutine per broadcast (the pump) receives from the input channel and, for each element,
 * delivers it to a snapshot of the subscriptions taken after the receive: so a subscription
 * made before a send started is in the snapshot of that send's element. Subscriptions are
 * channels of their own; the list of them and the closed flag are guarded by one lock, so a
 * subscription either joins before the pump closes them all or is made closed. A broadcast that
 * is never closed keeps its pump waiting, as a goroutine that is never told to stop would: close
 * it when done.
 *
 * @param <T> the element type
 */
public final class Broadcast<T> implements SendChannel<T> {
    /** What a subscription does with an element when its buffer is full. */
    public enum Overflow {
        /** Wait until the subscriber makes room: hold up delivery, and so the senders. */
        BLOCK,
        /** Drop the oldest buffered element to make room: the subscriber sees the latest. */
        DROP_OLDEST,
        /** Drop the new element: the subscriber sees the earliest. */
        DROP_NEWEST
    }

    private final Channel<T> in;
    private final ReentrantLock lock = new ReentrantLock();
    private List<Subscription<T>> subscriptions = List.of();   // copy on write, guarded by lock
    private boolean closed;                                    // guarded by lock

    /** A broadcast whose input is unbuffered: a send completes once the pump has taken it. */
    public Broadcast() {
        this(0);
    }

    /**
     * A broadcast whose input channel has {@code capacity}: senders may run ahead of delivery.
     *
     * @param capacity the input channel's capacity, 0 or more
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public Broadcast(int capacity) {
        this.in = ChannelImpl.internal(ChannelBuffer.checkedCapacity(capacity), "Broadcast");
        Goroutines.start(this::pump);
    }

    /**
     * Subscribes with a buffer of {@code capacity} and the {@code overflow} policy.
     *
     * @param capacity the subscription's buffer; 0 only with {@link Overflow#BLOCK}
     * @param overflow what to do when the buffer is full
     * @return the subscription, closed already if the broadcast is closed and delivered all
     * @throws IllegalArgumentException if {@code capacity} is negative, or 0 with a drop policy
     *         (nothing could ever be buffered to drop)
     * @throws NullPointerException if {@code overflow} is null
     */
    public Subscription<T> subscribe(int capacity, Overflow overflow) {
        Objects.requireNonNull(overflow, "overflow");
        if (capacity < 0 || (capacity == 0 && overflow != Overflow.BLOCK)) {
            throw new IllegalArgumentException("subscription capacity " + capacity + " with " + overflow);
        }
        Subscription<T> s = new Subscription<>(this, ChannelImpl.internal(ChannelBuffer.checkedCapacity(capacity), "Broadcast subscription"), overflow);
        lock.lock();
        try {
            if (closed) {
                s.channel.close();
            } else {
                List<Subscription<T>> next = new ArrayList<>(subscriptions);
                next.add(s);
                subscriptions = List.copyOf(next);
            }
        } finally {
            lock.unlock();
        }
        return s;
    }

    /**
     * The subscriptions now, for monitoring.
     *
     * @return how many
     */
    public int subscribers() {
        lock.lock();
        try {
            return subscriptions.size();
        } finally {
            lock.unlock();
        }
    }

    private void unsubscribe(Subscription<T> s) {
        lock.lock();
        try {
            List<Subscription<T>> next = new ArrayList<>(subscriptions);
            if (next.remove(s)) {
                subscriptions = List.copyOf(next);
            }
        } finally {
            lock.unlock();
        }
        closeQuietly(s.channel);          // also ends a delivery blocked on it
    }

    private List<Subscription<T>> snapshot() {
        lock.lock();
        try {
            return subscriptions;
        } finally {
            lock.unlock();
        }
    }

    /** The pump: see the class comment. */
    private void pump() throws InterruptedException {
        for (T v : in) {
            for (Subscription<T> s : snapshot()) {
                s.deliver(v);
            }
        }
        List<Subscription<T>> last;
        lock.lock();
        try {
            closed = true;
            last = subscriptions;
            subscriptions = List.of();
        } finally {
            lock.unlock();
        }
        for (Subscription<T> s : last) {
            closeQuietly(s.channel);
        }
    }

    private static void closeQuietly(Channel<?> ch) {
        try {
            ch.close();
        } catch (ChannelClosedException alreadyClosed) {
            // unsubscribed and closed by the pump at once: either close will do
        }
    }

    @Override
    public void send(T value) throws InterruptedException {
        in.send(value);
    }

    @Override
    public boolean trySend(T value) {
        return in.trySend(value);
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        return in.send(value, timeout);
    }

    /** Closes the input: see the class comment. A second close throws, as for any channel. */
    @Override
    public void close() {
        in.close();
    }

    @Override
    public boolean isClosed() {
        return in.isClosed();
    }

    @Override
    public <R> SelectCase<R> onSend(T value, Supplier<? extends R> then) {
        return in.onSend(value, then);
    }

    @Override
    public String toString() {
        return "Broadcast[subscribers=" + subscribers() + (isClosed() ? ", closed]" : "]");
    }

    /**
     * One subscriber's end of a {@link Broadcast}: a {@link ReceiveChannel} of the elements
     * delivered to it. Closing it unsubscribes.
     *
     * @param <T> the element type
     */
    public static final class Subscription<T> implements ReceiveChannel<T>, AutoCloseable {
        private final Broadcast<T> owner;
        private final Channel<T> channel;
        private final Overflow overflow;
        private final AtomicLong dropped = new AtomicLong();

        private Subscription(Broadcast<T> owner, Channel<T> channel, Overflow overflow) {
            this.owner = owner;
            this.channel = channel;
            this.overflow = overflow;
        }

        /** Delivers one element by the policy; a closed (unsubscribed) channel takes nothing. */
        private void deliver(T v) throws InterruptedException {
            try {
                switch (overflow) {
                    case BLOCK -> channel.send(v);
                    case DROP_NEWEST -> {
                        if (!channel.trySend(v)) {
                            dropped.incrementAndGet();
                        }
                    }
                    case DROP_OLDEST -> {
                        while (!channel.trySend(v)) {
                            if (channel.tryReceive() != null) {
                                dropped.incrementAndGet();
                            }
                        }
                    }
                }
            } catch (ChannelClosedException unsubscribed) {
                // the subscriber left: nothing to deliver
            }
        }

        /**
         * How many elements the overflow policy dropped for this subscriber so far.
         *
         * @return the count
         */
        public long dropped() {
            return dropped.get();
        }

        /**
         * The overflow policy this subscription was made with.
         *
         * @return the policy
         */
        public Overflow overflow() {
            return overflow;
        }

        /** Unsubscribes: see {@link Broadcast}. Idempotent. */
        @Override
        public void close() {
            owner.unsubscribe(this);
        }

        @Override
        public T receive() throws InterruptedException {
            return channel.receive();
        }

        @Override
        public T tryReceive() {
            return channel.tryReceive();
        }

        @Override
        public T receive(Duration timeout) throws InterruptedException {
            return channel.receive(timeout);
        }

        @Override
        public java.util.Optional<T> receiveOk() throws InterruptedException {
            return channel.receiveOk();
        }

        @Override
        public boolean isClosed() {
            return channel.isClosed();
        }

        @Override
        public int size() {
            return channel.size();
        }

        @Override
        public int capacity() {
            return channel.capacity();
        }

        @Override
        public java.util.Iterator<T> iterator() {
            return channel.iterator();
        }

        @Override
        public <R> SelectCase<R> onReceive(java.util.function.Function<? super T, ? extends R> then) {
            return channel.onReceive(then);
        }

        @Override
        public <R> SelectCase<R> onReceiveOk(
                java.util.function.Function<? super java.util.Optional<T>, ? extends R> then) {
            return channel.onReceiveOk(then);
        }

        @Override
        public String toString() {
            return "Subscription[" + overflow + ", " + channel + ", dropped " + dropped.get() + "]";
        }
    }
}
