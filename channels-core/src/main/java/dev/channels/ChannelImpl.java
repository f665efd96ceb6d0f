package dev.channels;

import java.io.Serial;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

/**
 * The channel: unbuffered (capacity 0) and buffered, with Go's semantics.
 *
 * <h2>Overview</h2>
 *
 * A channel is Go's {@code hchan}, reshaped so that the common buffered operations need no lock:
 * <ul>
 *   <li>{@code ctl}, one volatile {@code long}: the element count (low 32 bits),
 *       {@link #CLOSED_BIT}, and {@link #RECV_WAITING} / {@link #SEND_WAITING}, set while the
 *       corresponding wait queue is not empty.
 *   <li>{@code buffer}: a JCTools MPMC array queue holding the buffered elements (null when
 *       unbuffered). Its own capacity is {@code capacity} rounded up to a power of two; the exact
 *       capacity is enforced by the count.
 *   <li>{@code recvq}, {@code sendq}: FIFO queues of parked receivers and senders
 *       ({@link Waiter}, Go's {@code sudog}), guarded by this channel's own lock
 *       ({@link ChannelLock}). No lock is shared between channels.
 * </ul>
 *
 * <h2>Fast paths (no lock)</h2>
 *
 * A send reserves a slot with one CAS on {@code ctl} that succeeds only if the channel is open,
 * no waiter flag is set and {@code count < capacity}; it then offers the element to the queue.
 * A receive polls the queue (the poll binds the element to this receiver, which is what keeps
 * each receiver's elements in order), then counts it down. So an element is counted before it
 * enters the queue and uncounted after it leaves it:
 *
 * <pre>   elements in the queue  &lt;=  count  &lt;=  capacity  &lt;=  the queue's own capacity</pre>
 *
 * Offers therefore never fail, and {@code count == 0} means that nothing is buffered and nothing
 * is in flight. If a poll finds the queue empty while the count is not zero, a send between its
 * reservation and its offer (or a receive between its poll and its count-down) is in flight, a
 * few instructions of another thread, which {@link #pollBuffer} waits out as JCTools' own MPMC
 * poll does. {@code size()} reads the count; {@code trySend} and {@code tryReceive} decide from
 * it, so they are exact.
 *
 * <h2>Slow paths (under the channel lock)</h2>
 *
 * Everything that involves a waiter is done under the lock, in Go's order:
 * <ul>
 *   <li>send ({@link #putLocked}): closed? fail. A parked receiver? hand the element straight to
 *       it. Parked senders ahead? wait behind them. Room? reserve and buffer. Else park in
 *       {@code sendq}.
 *   <li>receive ({@link #takeLocked}): take the head of the buffer if any. Else a parked sender?
 *       take its element directly (unbuffered hand-off). Closed? report it. Else park in
 *       {@code recvq}.
 *   <li>a receive that counts down while {@link #SEND_WAITING} is set refills the freed slots
 *       from the parked senders, oldest first, and wakes them ({@link #refillLocked}, Go's
 *       {@code recv} moving a sender's element into the buffer).
 *   <li>close: set {@link #CLOSED_BIT}, wake every waiter with {@link #CLOSED}.
 * </ul>
 *
 * <h2>Invariants that keep the fast paths and the waiters consistent</h2>
 *
 * <ol>
 *   <li>{@link #RECV_WAITING} is set only by a CAS that expects {@code count == 0}, and fast
 *       sends require it clear, so while a receiver is parked the channel is truly empty: a
 *       direct hand-off never overtakes a buffered element.
 *   <li>{@link #SEND_WAITING} is set only by a CAS that expects {@code count == capacity}
 *       (later senders queue behind the first). A receive that then counts down sees the flag in
 *       the value its atomic decrement returns and refills; a receive that counted down first
 *       makes that CAS fail, and the sender retries and finds room. Either way no parked sender
 *       is left behind a free slot. While senders are parked, fast sends take the lock and queue
 *       behind them: no barging, FIFO among senders.
 *   <li>A flag is cleared only under the lock, when its queue is empty. The queues may hold
 *       waiters that can no longer be matched (withdrawn, or a select decided elsewhere) until
 *       they unlink themselves; matching skips and drops them.
 *   <li>A waiter is matched only by a {@link Waiter#tryClaim CAS on its decision}, so each
 *       parked operation (or select) completes exactly once, and a withdrawing one (interrupt,
 *       time out) either wins that CAS and unlinks itself, or lost it and completed.
 *   <li>{@link #CLOSED_BIT} is set once, under the lock; afterwards the count only falls, so a
 *       receive that reads {@code closed && count == 0} in one read of {@code ctl} reports
 *       closure without the lock.
 * </ol>
 *
 * <h2>Memory model</h2>
 *
 * A buffered element is published by the queue's release store and read with its acquire load;
 * a handed-off element is written before the CAS that decides the receiver and read after the
 * receiver sees the decision. A receive's count-down releases {@code ctl} before a later send's
 * CAS acquires it, so the k-th receive happens-before the (k+C)-th send completes; an unbuffered
 * receive decides the parked sender's CAS before the sender returns. {@code close} writes
 * {@code ctl} before any receive that observes it.
 */
final class ChannelImpl<T> extends ChannelLock implements Channel<T> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The result stored in waiters woken by {@code close}, and returned by take on closure. */
    static final Object CLOSED = new Object() {
        @Override
        public String toString() {
            return "CLOSED";
        }
    };

    /** {@link #putLocked} results. */
    static final int SENT = 1;
    static final int NOT_READY = 0;
    static final int WAS_CLOSED = -1;

    /** The largest capacity: the largest JCTools array queue. */
    static final int MAX_CAPACITY = 1 << 30;

    private static final long COUNT_MASK = 0xFFFF_FFFFL;
    private static final long SEND_WAITING = 1L << 60;
    private static final long RECV_WAITING = 1L << 61;
    private static final long CLOSED_BIT = 1L << 62;

    /** Spins before yielding while the queue lags the count by an in-flight operation. */
    private static final int SPINS_BEFORE_YIELD = 64;

    /**
     * Spins before parking, for a waiter first in line on a {@link #warm} channel: about the
     * time a peer on another carrier needs to answer (the JDK's LinkedTransferQueue uses 128).
     */
    static final int SPINS_BEFORE_PARK = 128;

    /** Source of lock-order ranks, taken lazily by the first multi-channel select. */
    private static final AtomicLong RANKS = new AtomicLong();

    private static final VarHandle CTL;
    private static final VarHandle RANK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CTL = l.findVarHandle(ChannelImpl.class, "ctl", long.class);
            RANK = l.findVarHandle(ChannelImpl.class, "rank", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long ctl;
    private volatile long rank;
    private final int capacity;
    private final transient MessagePassingQueue<Object> buffer;
    /** Head of the parked receivers ({@link WaitQueue}); guarded by the lock. */
    private transient Waiter recvq;
    /** Head of the parked senders ({@link WaitQueue}); guarded by the lock. */
    private transient Waiter sendq;
    /**
     * Set once a parked waiter of this channel has been matched: the channel has a conversation
     * going, so a new waiter may spin before parking. A channel used once (a reply channel,
     * a hundred thousand parked receivers) stays cold and its waiters park at once. Racy on
     * purpose: it only tunes spinning.
     */
    private boolean warm;

    /** Channels are not serializable (AQS, their lock's base, happens to be). */
    @Serial
    private void writeObject(java.io.ObjectOutputStream out) throws java.io.NotSerializableException {
        throw new java.io.NotSerializableException("dev.channels.Channel");
    }

    @Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.NotSerializableException {
        throw new java.io.NotSerializableException("dev.channels.Channel");
    }

    ChannelImpl(int capacity) {
        this.capacity = capacity;
        this.buffer = capacity == 0 ? null : new MpmcVarHandleArrayQueue<>(Math.max(2, capacity));
    }

    // ---------------------------------------------------------------- send

    @Override
    public void send(T value) throws InterruptedException {
        Objects.requireNonNull(value, "send of null element");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!offerFast(value)) {
            sendSlow(value, true, false, 0L);
        }
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "send of null element");
        if (offerFast(value)) {
            return true;
        }
        try {
            return sendSlow(value, false, false, 0L);
        } catch (InterruptedException e) {
            throw new AssertionError("a non-blocking send never parks", e);
        }
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(value, "send of null element");
        long deadline = deadlineAfter(timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (offerFast(value)) {
            return true;
        }
        return sendSlow(value, timeout.isPositive(), true, deadline);
    }

    /** Reserves a slot and buffers {@code value} if no lock is needed; false if it is. */
    private boolean offerFast(Object value) {
        for (;;) {
            long s = ctl;
            if ((s & (CLOSED_BIT | RECV_WAITING | SEND_WAITING)) != 0L || (s & COUNT_MASK) >= capacity) {
                return false;
            }
            if (CTL.weakCompareAndSet(this, s, s + 1)) {
                bufferPut(value);
                return true;
            }
        }
    }

    private boolean sendSlow(Object value, boolean mayBlock, boolean timed, long deadline)
            throws InterruptedException {
        Waiter w = null;
        int spins;
        lock();
        try {
            for (;;) {
                int st = putLocked(value);
                if (st == SENT) {
                    return true;
                }
                if (st == WAS_CLOSED) {
                    throw sendOnClosed();
                }
                if (!mayBlock) {
                    return false;
                }
                if (w == null) {
                    w = new Waiter(value);
                }
                if (enqueueSenderLocked(w)) {
                    spins = spinsFor(w);
                    break;
                }
            }
        } finally {
            unlock();
        }
        if (!decided(w, w.await(timed, deadline, spins))) {
            return false;
        }
        if (w.result == CLOSED) {
            throw sendOnClosed();
        }
        return true;
    }

    /**
     * Under the lock: sends {@code value} now if possible: to a parked receiver first, else into
     * the buffer, unless parked senders are ahead of it (FIFO among senders).
     *
     * @return {@link #SENT}, {@link #NOT_READY} or {@link #WAS_CLOSED}
     */
    int putLocked(Object value) {
        for (;;) {
            long s = ctl;
            if ((s & CLOSED_BIT) != 0L) {
                return WAS_CLOSED;
            }
            Waiter receiver = claimFirst(false, value);
            if (receiver != null) {
                clearFlagsOfEmptyQueues();
                warm = true;
                receiver.wakeOwner();
                return SENT;
            }
            if (hasLiveSender()) {
                return NOT_READY; // a receive that freed a slot will refill it from them first
            }
            clearFlagsOfEmptyQueues();
            s = ctl;
            if ((s & COUNT_MASK) >= capacity) {
                return NOT_READY;
            }
            if (CTL.compareAndSet(this, s, s + 1)) {
                bufferPut(value);
                return SENT;
            }
        }
    }

    /**
     * Under the lock, after {@link #putLocked} said {@link #NOT_READY}: queues the sender behind
     * the parked ones, or first if the buffer is still full. Returns false if room appeared
     * meanwhile (a fast receive), in which case the caller must try {@link #putLocked} again.
     */
    boolean enqueueSenderLocked(Waiter w) {
        long s = ctl;
        if ((s & CLOSED_BIT) != 0L) {
            return false;
        }
        if (sendq == null) {
            if ((s & COUNT_MASK) < capacity || !CTL.compareAndSet(this, s, s | SEND_WAITING)) {
                return false;
            }
        }
        sendq = WaitQueue.append(sendq, w);
        return true;
    }

    // ---------------------------------------------------------------- receive

    @Override
    @SuppressWarnings("unchecked")
    public T receive() throws InterruptedException {
        Object v = receiveOrClosed();
        if (v == CLOSED) {
            throw receiveFromClosed();
        }
        return (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<T> receiveOk() throws InterruptedException {
        Object v = receiveOrClosed();
        return v == CLOSED ? Optional.empty() : Optional.of((T) v);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T tryReceive() {
        Object v = pollFast();
        if (v == null) {
            try {
                v = receiveSlow(false, false, 0L);
            } catch (InterruptedException e) {
                throw new AssertionError("a non-blocking receive never parks", e);
            }
        }
        if (v == CLOSED) {
            throw receiveFromClosed();
        }
        return (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T receive(Duration timeout) throws InterruptedException {
        long deadline = deadlineAfter(timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object v = pollFast();
        if (v == null) {
            v = receiveSlow(timeout.isPositive(), true, deadline);
        }
        if (v == CLOSED) {
            throw receiveFromClosed();
        }
        return (T) v;
    }

    /** A blocking receive that returns {@link #CLOSED} instead of throwing. */
    private Object receiveOrClosed() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object v = pollFast();
        return v != null ? v : receiveSlow(true, false, 0L);
    }

    /**
     * Takes the head of the buffer without the lock. Returns {@link #CLOSED} if closed and
     * drained, null if the lock is needed (nothing buffered, or unbuffered).
     */
    private Object pollFast() {
        if (buffer != null) {
            Object v = pollBuffer();
            if (v != null) {
                if ((countDown() & SEND_WAITING) != 0L) {
                    refill();
                }
                return v;
            }
        }
        long s = ctl;
        return (s & CLOSED_BIT) != 0L && (s & COUNT_MASK) == 0L ? CLOSED : null;
    }

    /** Returns an element, {@link #CLOSED}, or null if not ready and {@code !mayBlock} or timed out. */
    private Object receiveSlow(boolean mayBlock, boolean timed, long deadline) throws InterruptedException {
        Waiter w = null;
        int spins;
        lock();
        try {
            for (;;) {
                Object v = takeLocked();
                if (v != null || !mayBlock) {
                    return v;
                }
                if (w == null) {
                    w = new Waiter(null);
                }
                if (enqueueReceiverLocked(w)) {
                    spins = spinsFor(w);
                    break;
                }
            }
        } finally {
            unlock();
        }
        return decided(w, w.await(timed, deadline, spins)) ? w.result : null;
    }

    /**
     * Under the lock: receives now if possible.
     *
     * @return the element, {@link #CLOSED} if closed and drained, or null if not ready
     */
    Object takeLocked() {
        if (buffer != null) {
            Object v = pollBuffer();
            if (v != null) {
                if ((countDown() & SEND_WAITING) != 0L) {
                    refillLocked();
                }
                return v;
            }
        }
        // Nothing buffered and nothing in flight. A parked sender hands over directly: always so
        // when unbuffered; when buffered, only in the moment before a pending refill moves it in.
        Waiter sender = claimFirst(true, null);
        clearFlagsOfEmptyQueues();
        if (sender != null) {
            warm = true;
            sender.wakeOwner();
            return sender.offered;
        }
        long s = ctl;
        return (s & CLOSED_BIT) != 0L && (s & COUNT_MASK) == 0L ? CLOSED : null;
    }

    /** Completes a receive from the buffer: one less element. Returns {@code ctl} as it was. */
    private long countDown() {
        return (long) CTL.getAndAdd(this, -1L);
    }

    /** After a receive freed a slot while senders were parked: move them in (Go's {@code recv}). */
    private void refill() {
        lock();
        try {
            refillLocked();
        } finally {
            unlock();
        }
    }

    /** Under the lock: moves parked senders' elements into the free slots, oldest first. */
    private void refillLocked() {
        while ((ctl & COUNT_MASK) < capacity) {
            Waiter sender = claimFirst(true, null);
            if (sender == null) {
                break;
            }
            // Fast sends are held off by SEND_WAITING and slow ones by the lock, so the count can
            // only fall meanwhile: the reservation cannot overflow the capacity.
            CTL.getAndAdd(this, 1L);
            bufferPut(sender.offered);
            warm = true;
            sender.wakeOwner();
        }
        clearFlagsOfEmptyQueues();
    }

    /**
     * Under the lock: queues a receiver that found nothing to take, unless an element arrived
     * meanwhile (a fast send) or the channel closed, in which case the caller must try
     * {@link #takeLocked} again.
     */
    boolean enqueueReceiverLocked(Waiter w) {
        long s = ctl;
        if ((s & (COUNT_MASK | CLOSED_BIT)) != 0L || !CTL.compareAndSet(this, s, s | RECV_WAITING)) {
            return false;
        }
        recvq = WaitQueue.append(recvq, w);
        return true;
    }

    // ---------------------------------------------------------------- close and state

    @Override
    public void close() {
        lock();
        try {
            long s;
            do {
                s = ctl;
                if ((s & CLOSED_BIT) != 0L) {
                    throw new ChannelClosedException("close of closed channel");
                }
            } while (!CTL.compareAndSet(this, s, s | CLOSED_BIT));
            for (Waiter w; (w = claimFirst(false, CLOSED)) != null; ) {
                w.wakeOwner();
            }
            for (Waiter w; (w = claimFirst(true, CLOSED)) != null; ) {
                w.wakeOwner();
            }
            clearFlagsOfEmptyQueues();
        } finally {
            unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return (ctl & CLOSED_BIT) != 0L;
    }

    @Override
    public int size() {
        return (int) (ctl & COUNT_MASK);
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public String toString() {
        long s = ctl;
        return "Channel[len=" + (s & COUNT_MASK) + ", cap=" + capacity
                + ((s & CLOSED_BIT) != 0L ? ", closed]" : "]");
    }

    // ---------------------------------------------------------------- waiters

    /**
     * What a parked send or receive does once {@link Decision#await} returned: true if it was
     * matched (or woken by close); false if it timed out, after taking itself off the queue;
     * throws if interrupted, after the same. (Called after the park, not around it, so that a
     * parked thread's stack holds one frame less.)
     */
    private boolean decided(Waiter w, int outcome) throws InterruptedException {
        if (outcome >= 0) {
            return true;
        }
        withdraw(w);
        if (outcome == Decision.INTERRUPTED) {
            throw new InterruptedException();
        }
        return false;
    }

    /** Takes a waiter that gave up (interrupt, time out, or a select decided elsewhere) off its queue. */
    void withdraw(Waiter w) {
        lock();
        try {
            withdrawLocked(w);
        } finally {
            unlock();
        }
    }

    /** {@link #withdraw} with the lock already held; does nothing if {@code w} is not queued. */
    void withdrawLocked(Waiter w) {
        unlinkLocked(w);
        clearFlagsOfEmptyQueues();
    }

    /** Under the lock, for a waiter just queued: how long it should spin before parking. */
    int spinsFor(Waiter w) {
        return warm && (w.offered != null ? sendq : recvq) == w ? SPINS_BEFORE_PARK : 0;
    }

    /** Under the lock: takes {@code w} off its queue if it is on it. */
    private void unlinkLocked(Waiter w) {
        if (w.offered != null) {
            sendq = WaitQueue.unlink(sendq, w);
        } else {
            recvq = WaitQueue.unlink(recvq, w);
        }
    }

    /**
     * Under the lock: takes waiters off the head of the senders' or the receivers' queue until
     * one can be claimed; stores {@code result} in it and decides its operation for the caller.
     * Waiters that can no longer be matched are dropped.
     *
     * @return the claimed waiter, not yet woken; null if none was left
     */
    private Waiter claimFirst(boolean senders, Object result) {
        for (Waiter w; (w = senders ? sendq : recvq) != null; ) {
            unlinkLocked(w);
            w.result = result;
            if (w.tryClaim()) {
                return w;
            }
        }
        return null;
    }

    /** Under the lock: drops the unmatchable senders at the head; true if a live one is left. */
    private boolean hasLiveSender() {
        for (Waiter w; (w = sendq) != null; unlinkLocked(w)) {
            if (w.isLive()) {
                return true;
            }
        }
        return false;
    }

    /** Under the lock: clears the waiting flag of each queue that is empty. */
    private void clearFlagsOfEmptyQueues() {
        long clear = (recvq == null ? RECV_WAITING : 0L) | (sendq == null ? SEND_WAITING : 0L);
        for (;;) {
            long s = ctl;
            if ((s & clear) == 0L || CTL.compareAndSet(this, s, s & ~clear)) {
                return;
            }
        }
    }

    /** This channel's rank in the global lock order of select, assigned on first use. */
    long lockRank() {
        long r = rank;
        if (r == 0L) {
            long mine = RANKS.incrementAndGet();
            r = RANK.compareAndSet(this, 0L, mine) ? mine : rank;
        }
        return r;
    }

    // ---------------------------------------------------------------- buffer

    /**
     * Adds to the queue. It never fails: an element is counted before it is offered and
     * uncounted only after it is polled, so the queue never holds more than the count, which
     * never exceeds the capacity, which never exceeds the queue's own.
     */
    private void bufferPut(Object value) {
        if (!buffer.offer(value)) {
            throw new IllegalStateException("channel buffer overflow: " + this);
        }
    }

    /**
     * Polls the head of the queue. The poll itself claims the element (JCTools binds it to this
     * caller), which keeps each receiver's elements in FIFO order. If the queue looks empty while
     * the count is not zero, a send between its reservation and its offer, or a receive between
     * its poll and its count-down, is in flight: a few instructions of another thread, which we
     * wait out. Returns null only after seeing the count at zero.
     */
    private Object pollBuffer() {
        for (int spins = 0; ; spins++) {
            Object v = buffer.poll();
            if (v != null) {
                return v;
            }
            if ((ctl & COUNT_MASK) == 0L) {
                return null;
            }
            backOff(spins);
        }
    }

    private static void backOff(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    // ---------------------------------------------------------------- select clauses, iteration

    @Override
    public <R> SelectCase<R> onSend(T value, Supplier<? extends R> then) {
        Objects.requireNonNull(value, "send of null element");
        Objects.requireNonNull(then, "then");
        return new Select.SendClause<>(this, value, then);
    }

    @Override
    public <R> SelectCase<R> onReceive(Function<? super T, ? extends R> then) {
        Objects.requireNonNull(then, "then");
        return new Select.ReceiveClause<>(this, then, false);
    }

    @Override
    public <R> SelectCase<R> onReceiveOk(Function<? super Optional<T>, ? extends R> then) {
        Objects.requireNonNull(then, "then");
        return new Select.ReceiveClause<>(this, then, true);
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = receiveOrClosed();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new UncheckedInterruptedException(e);
                    }
                }
                return next != CLOSED;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed");
                }
                Object v = next;
                next = null;
                return (T) v;
            }
        };
    }

    // ---------------------------------------------------------------- helpers

    static ChannelClosedException sendOnClosed() {
        return new ChannelClosedException("send on closed channel");
    }

    static ChannelClosedException receiveFromClosed() {
        return new ChannelClosedException("receive from closed channel");
    }

    /** Longest wait honoured, about 73 years; keeps {@code deadline - now} free of overflow. */
    private static final long MAX_WAIT_NANOS = Long.MAX_VALUE >> 2;

    /**
     * The {@link System#nanoTime()} deadline {@code timeout} from now. Compare it only through
     * {@code deadline - System.nanoTime()}, as nanoTime itself may be negative.
     */
    static long deadlineAfter(Duration timeout) {
        return System.nanoTime() + clampedNanos(timeout);
    }

    /** {@code d} in nanoseconds, negative as 0 and at most {@link #MAX_WAIT_NANOS}. */
    static long clampedNanos(Duration d) {
        Objects.requireNonNull(d, "timeout");
        if (d.isNegative()) {
            return 0L;
        }
        return d.compareTo(Duration.ofNanos(MAX_WAIT_NANOS)) >= 0 ? MAX_WAIT_NANOS : d.toNanos();
    }
}
