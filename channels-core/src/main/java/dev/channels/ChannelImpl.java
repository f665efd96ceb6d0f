package dev.channels;

import static dev.channels.Waiter.CLOSED;
import static dev.channels.Waiter.PENDING;
import static dev.channels.Waiter.RETRY;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The channel, unbuffered (capacity 0) and buffered, with Go's semantics: Go's {@code hchan},
 * reshaped so that the common operations need no lock. This class holds correctness only; when
 * and how long a blocked operation waits before it parks is its superclass's
 * ({@link WaitPolicy}), asked at three points: before queueing, how long to spin, after a wait.
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li>No receiver stays parked while an element is buffered, and no sender stays parked
 *       behind a free place. A queue's first waiter raises its flag in {@code ctl} and then
 *       looks at the buffer; a lock-free send reserves (a receive frees a place) and then reads
 *       the flags. Of two volatile writes each followed by a read of the other's, one sees the
 *       other: either the waiter finds what it needs, or the other side takes the lock and
 *       serves it.
 *   <li>FIFO: a buffered element is handed out only from the head of the buffer; while senders
 *       are queued, every send queues behind them; each queue is first in, first out, and the
 *       slot (below) holds the channel's oldest waiter.
 *   <li>Flags are written only under the lock (but for one best-effort CAS of a tuning flag),
 *       and a queue's flag is cleared only when the queue is empty. Queues may hold waiters that
 *       can no longer be matched (withdrawn, or a select decided elsewhere); matching drops them.
 *   <li>A waiter is matched only by a CAS on its decision ({@link Waiter#tryClaim}), so each
 *       blocked operation (or select) completes exactly once, and one that withdraws (interrupt,
 *       time out) either wins that CAS and unlinks itself, or lost it and completed.
 *   <li>{@link #CLOSED_BIT} is set once, under the lock, together with the buffer's own
 *       closure, after which no reservation is kept: a receive that sees the flag and a count of
 *       0 reports closure without the lock.
 *   <li>The slot's first race: a waiter queued under the lock must not miss a partner that just
 *       entered the slot. A locked enqueue raises its flag and then looks at the slot, and
 *       refuses to queue if a partner is there; a waiter entering the slot CASes itself in and
 *       then reads the flags ({@link #waitInSlot}) and, seeing the flag, takes itself back out
 *       and goes through the lock. Until it is out, a lock holder leaves it alone while a live
 *       waiter of the holder's own kind is queued: taking it would let the holder overtake that
 *       waiter.
 *   <li>The slot's second race: {@code close} sets {@link #CLOSED_BIT} and then empties the
 *       slot; a waiter entering the slot reads {@code ctl} after its CAS and, seeing the
 *       closure, takes itself back out and learns of it under the lock.
 * </ol>
 * Every waiter enters the slot at most once, so the slot's CASes cannot be fooled (no ABA).
 *
 * <h2>Memory model</h2>
 *
 * A buffered element is published by the buffer's release store and read with its acquire load;
 * a handed-off element is written before the CAS that decides the receiver (or published with a
 * release store the receiver acquires) and read after. The k-th receive happens-before the
 * (k+C)-th send completes through the buffer (see {@link ChannelBuffer}); an unbuffered receive
 * decides the parked sender's CAS before the sender returns. {@code close} writes {@code ctl}
 * before any receive that observes it.
 *
 * <h2>Algorithm</h2>
 * <ul>
 *   <li><b>State.</b> {@code buffer} ({@link ChannelBuffer}, null when unbuffered; closure is
 *       linearized with its sends); {@code ctl} (in {@link ChannelLock}: the lock bit and the
 *       flags, only read on a flowing channel, so the fast paths look at it for free);
 *       {@code slot}; {@code recvq} and {@code sendq}, FIFO queues of parked waiters
 *       ({@link WaitQueue}, Go's {@code waitq}) guarded by this channel's own lock.
 *   <li><b>Fast paths</b> (buffered, no lock). A send whose flags are clear reserves, puts, and
 *       then reads {@code ctl}: if receivers queued meanwhile, it takes the lock and serves them
 *       ({@link #deliverLocked}). A receive polls, counts down, and then reads {@code ctl}: if
 *       senders are queued, it takes the lock and moves them into the freed places
 *       ({@link #refillLocked}). {@code size()}, {@code trySend} and {@code tryReceive} decide
 *       from the buffer's count, so they are exact.
 *   <li><b>The slot</b> (unbuffered, no lock). While both queues are empty and the channel is
 *       open, a plain send or receive takes the partner waiting in {@code slot} out by CAS and
 *       claims it (Go's direct hand-off), or CASes a waiter of its own in and waits there; if
 *       the slot holds one of its own kind, or a flag is up, it takes the lock. Selects never
 *       wait in the slot, so a select never meets itself. A matcher reads {@code ctl} only
 *       before its CAS: a send matched during a concurrent {@code close} is ordered before it.
 *   <li><b>Locked paths</b>, in Go's order. Send ({@link #putLocked}): closed? fail; unbuffered:
 *       a parked receiver (slot first)? hand over; buffered: senders queued ahead? wait behind
 *       them; room? buffer it, then serve parked receivers from the head. Receive
 *       ({@link #takeLocked}): the head of the buffer; else a parked sender (slot first);
 *       closed and drained? report it. Else queue, and park outside the lock.
 *   <li><b>Close.</b> Set {@link #CLOSED_BIT} with the buffer's closure, hand what is buffered
 *       to parked receivers, then wake every other waiter with {@link Waiter#CLOSED}.
 *   <li><b>Withdraw.</b> A waiter that gives up takes itself out of the slot by CAS (losing it
 *       means a matcher took it, whose claim then fails on the cancelled decision), or off its
 *       queue under the lock.
 *   <li><b>Select hooks.</b> {@link Select} locks its channels and calls {@link #putLocked},
 *       {@link #takeLocked}, {@link #enqueueSenderLocked}, {@link #enqueueReceiverLocked} and
 *       {@link #withdrawLocked} directly.
 * </ul>
 */
final class ChannelImpl<T> extends WaitPolicy implements Channel<T> {
    /** {@link #putLocked} results. */
    static final int SENT = 1;
    static final int NOT_READY = 0;
    static final int WAS_CLOSED = -1;

    /**
     * {@link #takeOrQueue} and {@link #putOrQueue}, called through handles so that the JIT never
     * inlines the lock section into the frame that then parks: a parked virtual thread keeps its
     * compiled frames on the heap, sized for the most its code ever needs (bc9c453). Not final,
     * or the JIT would see through them. Never null after class initialization.
     */
    private static MethodHandle takeOrQueueCall;
    private static MethodHandle putOrQueueCall;

    private static final VarHandle SLOT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            takeOrQueueCall = l.findVirtual(ChannelImpl.class, "takeOrQueue",
                    MethodType.methodType(Object.class, boolean.class));
            putOrQueueCall = l.findVirtual(ChannelImpl.class, "putOrQueue",
                    MethodType.methodType(Waiter.class, Object.class));
            SLOT = l.findVarHandle(ChannelImpl.class, "slot", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The buffer; null when unbuffered. */
    private final ChannelBuffer buffer;
    /**
     * Unbuffered channels only: the oldest waiter of the channel, if it is a plain send or
     * receive that came while both queues were empty; null otherwise. Changed only by CAS.
     */
    private volatile Waiter slot;
    /** Head of the parked receivers ({@link WaitQueue}); guarded by the lock. */
    private QueuedWaiter recvq;
    /** Head of the parked senders ({@link WaitQueue}); guarded by the lock. */
    private QueuedWaiter sendq;

    ChannelImpl(int capacity) {
        this.buffer = capacity == 0 ? null : ChannelBuffer.of(capacity);
    }

    /** A channel the library makes for its own use: {@code what} it is names it in diagnostics. */
    static <T> ChannelImpl<T> internal(int capacity, String what) {
        ChannelImpl<T> ch = new ChannelImpl<>(capacity);
        Diagnostics.created(ch, what);
        return ch;
    }

    @Override
    ChannelBuffer buffer() {
        return buffer;
    }

    @Override
    boolean isFirstInLine(Waiter w) {
        return slot == w || sendq == w || recvq == w;
    }

    // ---------------------------------------------------------------- send

    @Override
    public void send(T value) throws InterruptedException {
        Objects.requireNonNull(value, "send of null element");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!offerFast(value)) {
            sendSlow(value, false, 0L);
        }
    }

    @Override
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "send of null element");
        return offerFast(value) || sendNow(value);
    }

    @Override
    public boolean send(T value, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(value, "send of null element");
        long deadline = Deadlines.after(timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (offerFast(value)) {
            return true;
        }
        return timeout.isPositive() ? sendSlow(value, true, deadline) : sendNow(value);
    }

    /**
     * Buffers {@code value} without the lock if there is room and nobody waits; false if the lock
     * is needed. After the offer it looks for receivers that parked meanwhile (the other half of
     * the check {@link #enqueueReceiverLocked} makes after raising its flag) and serves them.
     */
    @Override
    boolean offerFast(Object value) {
        ChannelBuffer b = buffer;
        if (b == null || (ctl & NOT_FAST) != 0) {
            return false;
        }
        long ticket = b.tryReserve();
        if (ticket == ChannelBuffer.NO_TICKET) {
            return false;
        }
        b.put(ticket, value);
        if ((ctl & RECV_WAITING) != 0) {
            deliver();
        }
        return true;
    }

    /** A send that does not block, after the lock-free offer failed: true if sent. */
    private boolean sendNow(Object value) {
        if (buffer == null && throughSlot(value, false) != null) {
            return true;
        }
        int st;
        lock();
        try {
            st = putLocked(value);
        } finally {
            unlock();
        }
        if (st == WAS_CLOSED) {
            throw ChannelClosedException.sendOnClosed();
        }
        return st == SENT;
    }

    /** A send that may block: true if sent, false if timed out. */
    private boolean sendSlow(Object value, boolean timed, long deadline) throws InterruptedException {
        Waiter w = putOrQueueApart(value);
        if (w == null) {
            return true;
        }
        if (!decided(w, await(w, timed, deadline))) {
            return false;
        }
        if (w.item == CLOSED) {
            throw ChannelClosedException.sendOnClosed();
        }
        return true;
    }

    /** {@link #putOrQueue} in a frame of its own (see {@link #putOrQueueCall}). */
    private Waiter putOrQueueApart(Object value) {
        try {
            return (Waiter) putOrQueueCall.invokeExact(this, value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("putOrQueue throws no checked exception", t);
        }
    }

    /**
     * Sends now, or queues a new waiter (in the slot, or under the lock) and returns it: null if
     * sent. Throws if the channel is closed.
     */
    private Waiter putOrQueue(Object value) {
        if (buffer == null) {
            Object r = throughSlot(value, true);
            if (r != null) {
                return r == Boolean.TRUE ? null : (Waiter) r;
            }
        } else if (waitToSend(buffer, value)) {
            return null;
        }
        QueuedWaiter w = null;
        lock();
        try {
            for (;;) {
                int st = putLocked(value);
                if (st == SENT) {
                    return null;
                }
                if (st == WAS_CLOSED) {
                    throw ChannelClosedException.sendOnClosed();
                }
                if (w == null) {
                    w = new QueuedWaiter(value);
                }
                if (enqueueSenderLocked(w)) {
                    return w;
                }
            }
        } finally {
            unlock();
        }
    }

    /**
     * Under the lock: sends {@code value} now if possible: to a parked receiver first, else into
     * the buffer, unless parked senders are ahead of it (FIFO among senders).
     *
     * @return {@link #SENT}, {@link #NOT_READY} or {@link #WAS_CLOSED}
     */
    int putLocked(Object value) {
        if ((ctl & CLOSED_BIT) != 0) {
            return WAS_CLOSED;
        }
        if (buffer == null) {
            Waiter receiver = claimPartner(false, value);
            clearFlagsOfEmptyQueues();
            if (receiver == null) {
                return NOT_READY;
            }
            matchedLocked();
            receiver.wakeOwner();
            return SENT;
        }
        if (hasLive(true)) {
            return NOT_READY; // a receive that freed a place will refill it from them first
        }
        clearFlagsOfEmptyQueues();
        long ticket = buffer.tryReserve();
        if (ticket == ChannelBuffer.NO_TICKET) {
            return NOT_READY;
        }
        // Through the buffer even when a receiver is parked, so that the value cannot overtake
        // an element a fast send buffered a moment ago; deliverLocked then hands out the head.
        buffer.put(ticket, value);
        if ((ctl & RECV_WAITING) != 0) {
            deliverLocked();
        }
        return SENT;
    }

    /**
     * Under the lock, after {@link #putLocked} said {@link #NOT_READY}: queues the sender behind
     * the parked ones, or first if the buffer is still full. Returns false if room appeared
     * meanwhile (a fast receive), a receiver entered the unbuffered slot, or the channel closed,
     * in which case the caller must try {@link #putLocked} again.
     */
    boolean enqueueSenderLocked(QueuedWaiter w) {
        int s = ctl;
        if ((s & CLOSED_BIT) != 0) {
            return false;
        }
        if (sendq == null) {
            // Invariants 1 and 6: raise the flag, then look for room or a receiver in the slot.
            CTL.setVolatile(this, s | SEND_WAITING);
            if (buffer != null ? buffer.hasRoom() : slotHolds(false)) {
                CTL.setVolatile(this, s);
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
            throw ChannelClosedException.receiveFromClosed();
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
            throw ChannelClosedException.receiveFromClosed();
        }
        return (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T receive(Duration timeout) throws InterruptedException {
        long deadline = Deadlines.after(timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object v = pollFast();
        if (v == null) {
            v = receiveSlow(timeout.isPositive(), true, deadline);
        }
        if (v == CLOSED) {
            throw ChannelClosedException.receiveFromClosed();
        }
        return (T) v;
    }

    /** A blocking receive that returns {@link Waiter#CLOSED} instead of throwing. */
    private Object receiveOrClosed() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object v = pollFast();
        return v != null ? v : receiveSlow(true, false, 0L);
    }

    /**
     * Takes the head of the buffer without the lock. Returns {@link Waiter#CLOSED} if closed and
     * drained, null if the lock is needed (nothing buffered, or unbuffered).
     */
    @Override
    Object pollFast() {
        ChannelBuffer b = buffer;
        if (b != null) {
            Object v = b.poll(catchUpPauses(b.capacity));
            if (v != null) {
                if ((ctl & SEND_WAITING) != 0) {
                    refill();
                }
                return v;
            }
        }
        return (ctl & CLOSED_BIT) != 0 && (b == null || b.count() == 0) ? CLOSED : null;
    }

    /**
     * Returns an element, {@link Waiter#CLOSED}, or null if not ready and {@code !mayBlock} or
     * timed out.
     */
    private Object receiveSlow(boolean mayBlock, boolean timed, long deadline) throws InterruptedException {
        for (;;) {
            Object r = takeOrQueueApart(mayBlock);
            if (!(r instanceof Waiter w)) {
                return r;
            }
            if (!decided(w, await(w, timed, deadline))) {
                return null;
            }
            Object v = w.awaitResult();
            if (v != RETRY) {
                return v;
            }
            // Woken for an element a barging receive took: try again, at least once more even
            // if the deadline has passed, since this receive was chosen before it did.
            mayBlock = mayBlock && (!timed || deadline - Timers.nanoTime() > 0L);
        }
    }

    /** {@link #takeOrQueue} in a frame of its own (see {@link #takeOrQueueCall}). */
    private Object takeOrQueueApart(boolean mayBlock) {
        try {
            return (Object) takeOrQueueCall.invokeExact(this, mayBlock);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("takeOrQueue throws no checked exception", t);
        }
    }

    /**
     * Takes now, or queues a new waiter: returns the element, {@link Waiter#CLOSED}, null if not
     * ready and {@code !mayBlock}, or the queued {@link Waiter} (never an element: users cannot
     * make one). An {@code Object} because an element is one of the answers: a typed result
     * would cost an allocation per receive.
     */
    private Object takeOrQueue(boolean mayBlock) {
        if (buffer == null) {
            Object r = throughSlot(null, mayBlock);
            if (r != null) {
                return r;
            }
        } else if (mayBlock) {
            Object v = waitToReceive(buffer);
            if (v != null) {
                return v;
            }
        }
        QueuedWaiter w = null;
        lock();
        try {
            for (;;) {
                Object v = takeLocked();
                if (v != null || !mayBlock) {
                    return v;
                }
                if (w == null) {
                    w = new QueuedWaiter(null);
                }
                if (enqueueReceiverLocked(w)) {
                    return w;
                }
            }
        } finally {
            unlock();
        }
    }

    /**
     * Under the lock: receives now if possible.
     *
     * @return the element, {@link Waiter#CLOSED} if closed and drained, or null if not ready
     */
    Object takeLocked() {
        if (buffer != null) {
            Object v = buffer.pollUnderLock();
            if (v != null) {
                refillIfSendersWaitLocked();
                return v;
            }
        }
        // Nothing buffered and nothing in flight. A parked sender hands over directly: always so
        // when unbuffered; when buffered, only in the moment before a pending refill moves it in.
        Waiter sender = claimPartner(true, null);
        clearFlagsOfEmptyQueues();
        if (sender != null) {
            matchedLocked();
            sender.wakeOwner();
            return sender.item;
        }
        return (ctl & CLOSED_BIT) != 0 && (buffer == null || buffer.count() == 0) ? CLOSED : null;
    }

    /** Under the lock, after a receive from the buffer: refills the freed place if senders wait. */
    private void refillIfSendersWaitLocked() {
        if ((ctl & SEND_WAITING) != 0) {
            refillLocked();
        }
    }

    /** After a receive freed a place while senders were parked: move them in (Go's {@code recv}). */
    private void refill() {
        lock();
        try {
            refillLocked();
        } finally {
            unlock();
        }
    }

    /** Under the lock: moves parked senders' elements into the free places, oldest first. */
    private void refillLocked() {
        // Reserve first, then claim: a fast send that read the flags before SEND_WAITING was
        // raised may take the place, and a claimed sender could not be given back. Tentatively,
        // because the sender may be gone: no receive may count on a place then given back.
        while (sendq != null) {
            long ticket = buffer.tryReserveTentatively();
            if (ticket == ChannelBuffer.NO_TICKET) {
                break;
            }
            Waiter sender = claimFirst(true, null);
            if (sender == null) {
                buffer.unreserve();
                break;
            }
            buffer.putTentative(ticket, sender.item);
            matchedLocked();
            sender.wakeOwner();
        }
        clearFlagsOfEmptyQueues();
    }

    /** After a fast send found receivers parked: hand them the buffered elements. */
    private void deliver() {
        lock();
        try {
            deliverLocked();
        } finally {
            unlock();
        }
    }

    /**
     * Under the lock: hands buffered elements to parked receivers, head of the buffer to the
     * longest-waiting receiver, while both exist. The receiver is claimed first and the element
     * polled after, because an element polled for a receiver that then turned out to be gone
     * (withdrawn, or its select decided elsewhere) could not be put back at the head. Until the
     * element is in its hands the claimed receiver sees {@link Waiter#PENDING}; if a barging
     * receive emptied the buffer meanwhile it gets {@link Waiter#RETRY}.
     */
    private void deliverLocked() {
        while ((ctl & RECV_WAITING) != 0 && buffer.count() > 0) {
            Waiter receiver = claimFirst(false, PENDING);
            if (receiver == null) {
                break;
            }
            Object v = buffer.pollUnderLock();
            if (v == null) {
                receiver.publishResult(RETRY);
                receiver.wakeOwner();
                break;
            }
            receiver.publishResult(v);
            matchedLocked();
            receiver.wakeOwner();
            refillIfSendersWaitLocked();
        }
        clearFlagsOfEmptyQueues();
    }

    /**
     * Under the lock: queues a receiver that found nothing to take, unless an element arrived
     * meanwhile (a fast send), a sender entered the unbuffered slot, or the channel closed, in
     * which case the caller must try {@link #takeLocked} again.
     */
    boolean enqueueReceiverLocked(QueuedWaiter w) {
        int s = ctl;
        if ((s & CLOSED_BIT) != 0) {
            return false;
        }
        if (recvq == null) {
            // Invariants 1 and 6: raise the flag, then look again at the slot and the buffer.
            CTL.setVolatile(this, s | RECV_WAITING);
            if (buffer == null && slotHolds(true)) {
                CTL.setVolatile(this, s);
                return false;
            }
        }
        if (buffer != null && buffer.count() > 0) {
            clearFlagsOfEmptyQueues();
            return false;
        }
        if (recvq != null && buffer != null) {
            receiversSharedLocked();
        }
        recvq = WaitQueue.append(recvq, w);
        return true;
    }

    // ---------------------------------------------------------------- the slot (unbuffered)

    /**
     * An unbuffered send ({@code offered} not null) or receive without the lock, while the
     * queues are empty: takes the partner waiting in the slot, or waits there itself. Returns
     * {@code TRUE} if sent, the element if received, the {@link Waiter} it placed in the slot,
     * or null if the lock is needed (closed, someone queued, one of its own kind waiting first,
     * or not ready and {@code !mayBlock}).
     */
    private Object throughSlot(Object offered, boolean mayBlock) {
        boolean sending = offered != null;
        Waiter mine = null;
        for (;;) {
            int c = ctl;
            if ((c & NOT_FAST) != 0) {
                return null;
            }
            Waiter s = slot;
            if (s != null) {
                if (s.isSender() == sending) {
                    return null; // it came first: queue behind it
                }
                Waiter partner = claimSlot(!sending, offered);
                if (partner != null) {
                    matchedWithoutLock(c);
                    partner.wakeOwner();
                    return sending ? Boolean.TRUE : partner.item;
                }
                continue; // taken by another, or withdrawn: look again
            }
            if (!mayBlock) {
                return null;
            }
            if (mine == null) {
                mine = new Waiter(offered);
            }
            if (SLOT.compareAndSet(this, null, mine)) {
                return waitInSlot(mine, sending ? RECV_WAITING : SEND_WAITING);
            }
        }
    }

    /**
     * After placing {@code mine} in the slot: the other half of invariants 6 and 7. If a partner
     * queued meanwhile ({@code partnerFlag}) or the channel closed, either of which may have
     * missed the slot, takes {@code mine} back and returns null so that the caller goes through
     * the lock; if it cannot (a partner or close has already taken it), or nothing happened,
     * returns {@code mine}.
     */
    private Object waitInSlot(Waiter mine, int partnerFlag) {
        if ((ctl & (partnerFlag | CLOSED_BIT)) != 0 && SLOT.compareAndSet(this, mine, null)) {
            return null;
        }
        return mine;
    }

    /** Under the lock: true if the slot holds a waiter that is a sender ({@code senders}) or a receiver. */
    private boolean slotHolds(boolean senders) {
        Waiter s = slot;
        return s != null && s.isSender() == senders;
    }

    /**
     * Under the lock: claims the oldest waiting sender ({@code senders}) or receiver, as
     * {@link #claimFirst} does: the one in the slot, else the first live one in the queue. A
     * slot waiter is left alone while waiters of the caller's own kind are queued (invariant 6).
     *
     * @return the claimed waiter, not yet woken; null if none was left
     */
    private Waiter claimPartner(boolean senders, Object result) {
        Waiter w = slot != null && !hasLive(!senders) ? claimSlot(senders, result) : null;
        return w != null ? w : claimFirst(senders, result);
    }

    /**
     * Takes the waiter out of the slot if it is a sender ({@code senders}) or a receiver, and
     * claims it as {@link #claimFirst} does, storing {@code result} in it first if not null (the
     * claim publishes it). With or without the lock: every step is a CAS.
     *
     * @return the claimed waiter, not yet woken; null if the slot holds none of that kind
     */
    private Waiter claimSlot(boolean senders, Object result) {
        for (Waiter s; (s = slot) != null && s.isSender() == senders; ) {
            if (SLOT.compareAndSet(this, s, null)) {
                if (result != null) {
                    s.item = result;
                }
                if (s.tryClaim()) {
                    return s;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- close and state

    @Override
    public void close() {
        lock();
        try {
            int s = ctl;
            if ((s & CLOSED_BIT) != 0) {
                throw ChannelClosedException.closeOfClosed();
            }
            CTL.setVolatile(this, s | CLOSED_BIT);
            if (buffer != null) {
                buffer.close();
                deliverLocked(); // elements sent before the closure go to the receivers first
            }
            int receivers = 0;
            int senders = 0;
            for (Waiter w; (w = claimSlot(false, CLOSED)) != null
                    || (w = claimSlot(true, CLOSED)) != null; ) {
                w.wakeOwner();
                receivers++;                 // in the slot: one waiter, of either kind
            }
            for (Waiter w; (w = claimFirst(false, CLOSED)) != null; ) {
                w.wakeOwner();
                receivers++;
            }
            for (Waiter w; (w = claimFirst(true, CLOSED)) != null; ) {
                w.wakeOwner();
                senders++;
            }
            clearFlagsOfEmptyQueues();
            if (receivers + senders > 0 && ChannelEvents.closedEnabled()) {
                ChannelEvents.ClosedWithWaiters e = new ChannelEvents.ClosedWithWaiters();
                e.channel = toString();
                e.capacity = capacity();
                e.senders = senders;
                e.receivers = receivers;
                e.commit();
            }
        } finally {
            unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return (ctl & CLOSED_BIT) != 0;
    }

    @Override
    public int size() {
        return buffer == null ? 0 : buffer.count();
    }

    @Override
    public int capacity() {
        return buffer == null ? 0 : buffer.capacity;
    }

    /** {@code Channel[len=0, cap=16]}, with the channel's name first if it has one. */
    @Override
    public String toString() {
        String name = Diagnostics.nameOf(this);
        return "Channel[" + (name != null ? name + ", " : "") + "len=" + size() + ", cap=" + capacity()
                + (isClosed() ? ", closed]" : "]");
    }

    // ---------------------------------------------------------------- withdraw and the queues

    /**
     * What a parked send or receive does once it was woken ({@link WaitPolicy#await}): true if
     * it was matched (or woken by close); false if it timed out, after taking itself off the
     * queue; throws if interrupted, after the same. (Called after the park, not around it, so
     * that a parked thread's stack holds one frame less.)
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

    /**
     * Takes a waiter that gave up (interrupt, time out, or a select decided elsewhere) out of
     * the slot or off its queue.
     */
    void withdraw(Waiter w) {
        if (!(w instanceof QueuedWaiter q)) {
            SLOT.compareAndSet(this, w, null); // if this fails, a matcher took it out: nothing to undo
            return;
        }
        lock();
        try {
            withdrawLocked(q);
        } finally {
            unlock();
        }
    }

    /** {@link #withdraw} with the lock already held; does nothing if {@code w} is not queued. */
    void withdrawLocked(QueuedWaiter w) {
        unlinkLocked(w);
        clearFlagsOfEmptyQueues();
    }

    /** Under the lock: takes {@code w} off its queue if it is on it. */
    private void unlinkLocked(QueuedWaiter w) {
        if (w.isSender()) {
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
    private QueuedWaiter claimFirst(boolean senders, Object result) {
        for (QueuedWaiter w; (w = senders ? sendq : recvq) != null; ) {
            unlinkLocked(w);
            if (result != null) { // a sender keeps its element, unless close replaces it
                w.item = result;
            }
            if (w.tryClaim()) {
                return w;
            }
        }
        return null;
    }

    /**
     * Under the lock: drops the unmatchable waiters at the head of the senders' ({@code senders})
     * or the receivers' queue; true if a live one is left.
     */
    private boolean hasLive(boolean senders) {
        for (QueuedWaiter w; (w = senders ? sendq : recvq) != null; unlinkLocked(w)) {
            if (w.isLive()) {
                return true;
            }
        }
        return false;
    }

    /** Under the lock: clears the waiting flag of each queue that is empty. */
    private void clearFlagsOfEmptyQueues() {
        clearFlagsLocked((recvq == null ? RECV_WAITING : 0) | (sendq == null ? SEND_WAITING : 0));
    }

    // ---------------------------------------------------------------- select cases, iteration

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
}
