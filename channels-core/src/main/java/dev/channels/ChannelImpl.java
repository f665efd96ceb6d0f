package dev.channels;

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
 * The channel: unbuffered (capacity 0) and buffered, with Go's semantics.
 *
 * <h2>Overview</h2>
 *
 * A channel is Go's {@code hchan}, reshaped so that the common operations need no lock:
 * <ul>
 *   <li>{@code buffer} ({@link ChannelBuffer}, null when unbuffered): from capacity 2, a JCTools
 *       MPMC array queue with the exact capacity kept by two padded counters, {@code sent}
 *       written only by senders and {@code received} only by receivers ({@link QueueBuffer});
 *       at capacity 1, a single cell changed by CAS ({@link CellBuffer}). Either way, closure
 *       is linearized with the sends.
 *   <li>{@code ctl}, a volatile {@code int}: the channel's lock ({@link ChannelLock}, one bit)
 *       and its flags: {@link #CLOSED_BIT}, and {@link #RECV_WAITING} / {@link #SEND_WAITING},
 *       set while the corresponding wait queue is not empty (they send the lock-free paths to
 *       the lock), and two that only tune spinning. The flags are written only under the lock
 *       (but for one best-effort CAS, see {@link #warmUp}), so on a flowing buffered channel this
 *       word is only ever read: the fast paths of both sides can look at it for free.
 *   <li>{@code slot} (unbuffered channels only): one plain send or receive waiting without the
 *       lock, see below.
 *   <li>{@code recvq}, {@code sendq}: FIFO queues of parked receivers and senders
 *       ({@link Waiter}, Go's {@code sudog}), guarded by this channel's own lock
 *       ({@link ChannelLock}). No lock is shared between channels.
 * </ul>
 *
 * <h2>Fast paths (no lock, buffered only)</h2>
 *
 * A send whose {@code ctl} is all clear reserves a slot in the buffer, offers its element, and
 * then reads {@code ctl} again: if receivers parked meanwhile, it takes the lock and serves them
 * ({@link #deliverLocked}). A receive polls (binding the element to itself), counts it down, and
 * then reads {@code ctl}: if senders are parked, it takes the lock and moves them into the freed
 * slots ({@link #refillLocked}). {@code size()} is the buffer's count, and {@code trySend} and
 * {@code tryReceive} decide from it, so they are exact.
 *
 * <h2>Taking turns on a buffer</h2>
 *
 * On two cores, a producer and a consumer that use a buffer at the same moment work on the same
 * few cache lines of it whenever it is nearly full or nearly empty: every element then moves
 * those lines between the cores, and a side that finds nothing to do parks, which costs more
 * still (one producer and one consumer at capacity 16 parked once every seven to nine elements).
 * So a blocked plain send or receive on a {@link #WARM} channel first waits, without the lock,
 * for the other side to get on:
 * <ul>
 *   <li>up to {@link #SMALL_CAPACITY}, it retries at once, over and over: so small a buffer
 *       leaves no room for bursts;
 *   <li>up to {@link #MEDIUM_CAPACITY}, it looks at the buffer a few times, a long pause apart:
 *       a sender until the receivers have drained it (or stop draining it), a receiver until
 *       the senders have filled it or stopped adding to it. Then it offers or polls once, and
 *       the next operations take the fast path. The two sides so fill and drain the buffer in
 *       turns, each on lines the other is not touching, and neither parks.
 * </ul>
 * Either way it gives up at once if anyone queues or the channel closes, and after about two
 * microseconds queues and parks as usual. A wait changes no outcome: while it waits its
 * operation has not happened, as if its thread had not been scheduled, and nothing else waits
 * for it: a receive waits only while the buffer has room, so no sender is parked, and a send
 * only while it holds elements, so no receiver is (and a wait ends as soon as anyone queues).
 * Non-blocking operations and selects never wait.
 *
 * <h2>Waiting only where it pays</h2>
 *
 * Every wait before parking (spinning on a small buffer and taking turns on a medium one, as
 * above, and a queued waiter spinning on its decision, see {@link #spinsFor}) holds a carrier,
 * which other goroutines may need. With a hundred pairs of goroutines at once, each pair on its
 * own channel, waits that did not pay made the whole 2.6x slower on unbuffered channels and on
 * channels of 1, and 1.5x on channels of 16. So each channel keeps a plain
 * {@link #spinCredit}: a wait after which the operation went through (for a spinning waiter: it
 * was decided before it went to park) earns one, a wait that ended in the lock or in a park
 * costs {@link #SPIN_PENALTY}, and while the credit is negative blocked operations park at once
 * (each one that does pays one back, so the channel tries again soon). Where the partner runs
 * on the other carrier, as with one producer and one consumer, nearly every wait pays and the
 * credit stays up; the few that do not cost such a pair at capacity 1 or 4 about 1.1x. Selects
 * consult the credit (through {@link #spinsFor}) but do not feed it.
 *
 * <p>Where the partner cannot be running at all, no spin pays, and a flat penalty still let one
 * blocked operation in five spin for nothing: on a single carrier (a container with one CPU)
 * that made an unbuffered producer and consumer 2.4x slower than with no spin at all, and a
 * hundred pairs on two carriers 1.3x. So once {@link #UNPAID_SPINS_BEFORE_DOUBLING} spins in a
 * row have not paid, each further one that does not costs twice the penalty before it, up to
 * {@link #SPIN_PENALTY_MAX} (one spin in 257 blocked operations); the first spin that pays ends
 * the run. The credit word holds both numbers. Taking turns stays at the flat penalty: a lone
 * pair at capacity 16 has runs of turns that do not pay between long stretches that do, and
 * doubling there cost it 1.15x.
 *
 * <h2>The slot: unbuffered hand-offs without the lock</h2>
 *
 * An unbuffered channel's usual life is one sender and one receiver taking turns to wait for
 * each other. Through the lock every hand-off cost each side a lock acquisition, and the lock's
 * cache line and the waiter's crossed cores twice as often as the hand-off needs. So while both
 * queues are empty and the channel is open (no flag in {@code ctl}), a plain send or receive
 * goes through {@code slot}, a single waiter reference changed only by CAS:
 * <ul>
 *   <li>the slot holds a partner (a waiting receiver, for a send): take it out by CAS, then
 *       claim it, as the lock holder would (Go's direct hand-off);
 *   <li>the slot is empty: CAS its own new waiter in, then read {@code ctl} again, and wait;
 *   <li>the slot holds a waiter of its own kind, or {@code ctl} has a flag: take the lock.
 * </ul>
 * The slot holds the channel's oldest waiter: it is filled only while the queues are empty,
 * and everything under the lock that looks for a partner ({@link #putLocked}, {@link
 * #takeLocked}, so select's first pass too, and {@code close}) looks at the slot before the
 * queues. Selects never wait in the slot (their waiters share a decision and must be unlinked
 * from several channels), so "a select never meets itself" still holds. Two races must not
 * strand a waiter in the slot, and both are closed by a volatile write followed by a read of
 * the other side's write:
 * <ol>
 *   <li>A waiter queued under the lock could miss a partner that just entered the slot. A
 *       locked enqueue raises its queue's flag and then looks at the slot, and refuses to queue
 *       if a partner is there (the caller then matches it); a waiter entering the slot CASes
 *       itself in and then reads the flags ({@link #waitInSlot}). One of them sees the other.
 *       If the slot waiter sees the flag, it takes itself back out by CAS and goes through the
 *       lock; if that CAS fails, someone has already taken it to match it, and it waits. Until
 *       it is back out, a lock holder leaves it alone if a live waiter of the lock holder's own
 *       kind is queued: the slot waiter is on its way to that one, and taking it would let the
 *       newcomer overtake the queued waiter (Go's queues are first in, first out).
 *   <li>{@code close} sets {@link #CLOSED_BIT} and then empties the slot; a waiter entering it
 *       reads {@code ctl} after its CAS and, seeing the closure, takes itself back out and
 *       learns of the closure under the lock.
 * </ol>
 * A matcher that takes a partner out of the slot only read {@code ctl} before its CAS: a send
 * that read the channel open and then matched during a concurrent {@code close} is ordered
 * before it, as both calls overlap. A waiter that gives up (interrupt, time out) takes itself
 * out of the slot by CAS; losing that CAS means a matcher took it, and its claim then fails on
 * the cancelled decision. Every waiter is placed in the slot at most once, so these CASes
 * cannot be fooled by a waiter coming back (no ABA).
 *
 * <h2>Slow paths (under the channel lock)</h2>
 *
 * Everything that involves a waiter is done under the lock, in Go's order:
 * <ul>
 *   <li>send ({@link #putLocked}): closed? fail. Unbuffered: a parked receiver (in the slot,
 *       else first in the queue)? hand the element straight to it. Buffered: parked senders
 *       ahead? wait behind them; room? buffer it, then serve any parked receiver from the head
 *       of the buffer. Else park in {@code sendq}.
 *   <li>receive ({@link #takeLocked}): take the head of the buffer if any. Else a parked sender
 *       (in the slot, else first in the queue)? take its element directly (unbuffered
 *       hand-off). Closed and drained? report it. Else park in {@code recvq}.
 *   <li>a receive that frees a slot while {@link #SEND_WAITING} is set refills it from the
 *       parked senders, oldest first, and wakes them (Go's {@code recv} moving a sender's
 *       element into the buffer).
 *   <li>close: set {@link #CLOSED_BIT} (and close the buffer to reservations), hand what is
 *       buffered to parked receivers, then wake every remaining waiter with {@link #CLOSED}.
 * </ul>
 *
 * <h2>Invariants that keep the fast paths and the waiters consistent</h2>
 *
 * <ol>
 *   <li>No receiver stays parked while an element is buffered. A receiver raises
 *       {@link #RECV_WAITING} and then looks at the buffer's count; a fast send reserves and
 *       then reads the flag. Both are volatile write-then-read pairs, so at least one side sees
 *       the other: either the receiver finds the element and does not park, or the sender sees
 *       the flag and delivers. A buffered element is always handed out from the head of the
 *       buffer, so a hand-off never overtakes an element buffered earlier.
 *   <li>No sender stays parked behind a free slot, by the mirror argument: the first parked
 *       sender raises {@link #SEND_WAITING} and then looks for room; a receive counts down and
 *       then reads the flag. While senders are parked, fast sends take the lock and queue behind
 *       them: no barging, FIFO among senders.
 *   <li>{@code ctl}'s flags are written only under the lock (its lock bit is the lock's own;
 *       {@link #WARM} may also be CASed in from an unlocked value),
 *       and a flag is cleared only when its queue is empty. The queues may hold waiters that
 *       can no longer be matched (withdrawn, or a select decided elsewhere) until they unlink
 *       themselves; matching skips and drops them.
 *   <li>A waiter is matched only by a {@link Waiter#tryClaim CAS on its decision}, so each
 *       parked operation (or select) completes exactly once, and a withdrawing one (interrupt,
 *       time out) either wins that CAS and unlinks itself, or lost it and completed. A buffered
 *       receiver is claimed before its element is polled (see {@link #deliverLocked}), and a
 *       receive that barged in between makes it {@link #RETRY}.
 *   <li>{@link #CLOSED_BIT} is set once, under the lock, together with the buffer's own closure,
 *       after which no reservation is kept: a receive that sees the flag and a buffer count of
 *       zero reports closure without the lock.
 * </ol>
 *
 * <h2>Memory model</h2>
 *
 * A buffered element is published by the buffer's release store and read with its acquire load;
 * a handed-off element is written before the CAS that decides the receiver (or published with a
 * release store the receiver acquires) and read after. The k-th receive happens-before the
 * (k+C)-th send completes through the buffer (see {@link ChannelBuffer}); an unbuffered
 * receive decides the parked sender's CAS before the sender returns. {@code close} writes
 * {@code ctl} before any receive that observes it.
 */
final class ChannelImpl<T> extends ChannelLock implements Channel<T> {
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

    /**
     * A receiver's result while its matcher, which has already decided it, is still taking the
     * element out of the buffer for it ({@link #deliverLocked}); see {@link Waiter#awaitResult}.
     */
    static final Object PENDING = new Object() {
        @Override
        public String toString() {
            return "PENDING";
        }
    };

    /**
     * A receiver's result when its matcher found the buffer emptied by a receive that did not
     * wait (a barging receive): the receiver was woken for nothing and must try again.
     */
    static final Object RETRY = new Object() {
        @Override
        public String toString() {
            return "RETRY";
        }
    };

    /** {@code ctl} flags, beside the lock's own bit ({@link ChannelLock#LOCKED}). */
    private static final int CLOSED_BIT = 2;
    private static final int RECV_WAITING = 4;
    private static final int SEND_WAITING = 8;
    /**
     * Set once a parked waiter of this channel has been matched: the channel has a conversation
     * going, so a new waiter may spin before parking (see {@link #spinsFor}). A channel used once
     * (a reply channel, a hundred thousand parked receivers) stays cold and its waiters park at
     * once.
     */
    private static final int WARM = 16;
    /** See {@link #spinsFor}: two receivers of this buffered channel have waited at once. */
    private static final int SHARED_BY_RECEIVERS = 32;
    /** What {@code ctl} most often holds when the lock is free: a warm channel, nobody waiting. */
    static final int USUAL_FLAGS = WARM;
    /** The flags that send a fast path to the lock. */
    private static final int NOT_FAST = CLOSED_BIT | RECV_WAITING | SEND_WAITING;

    /**
     * Spins before parking, for a waiter first in line on a {@link #WARM} channel: about the
     * time a peer on another carrier needs to answer (the JDK's LinkedTransferQueue uses 128).
     */
    static final int SPINS_BEFORE_PARK = 128;

    /**
     * The largest capacity at which a blocked send or receive first spins on the buffer itself
     * ({@link #spinToOffer}, {@link #spinToPoll}). So small a buffer cannot let a producer run
     * far enough ahead to pay for parking and waking the consumer, so both sides do best
     * taking turns on other cores. Measured side by side with one producer and one consumer (ns
     * per element), spinning is worth 191-198 against 605-666 at capacity 1 (the cell; each
     * fork's mean), 363 against 565-595 at 2 and 281 against 403-428 at 4, but costs 274-287
     * against 260 at 8 and 293-298 against 172 at 16.
     */
    static final int SMALL_CAPACITY = 4;

    /**
     * The largest capacity at which a blocked send or receive takes turns with the other side
     * in bursts before it queues ({@link #offerWhenDrained}, {@link #pollWhenFilled}; see
     * "Taking turns" in the class comment). Above it a producer rarely finds the buffer full:
     * measured side by side at 1024, taking turns gained nothing with four producers and four
     * consumers and made one of two forks of one producer and one consumer slower (34 against
     * 25 ns per element).
     */
    static final int MEDIUM_CAPACITY = 256;

    /**
     * Spin-wait hints between two looks at a medium buffer while taking turns: about 0.45
     * microseconds on this project's machine, time for the other side to move a dozen elements
     * without a look taking its cache lines away. Half as long (with twice the looks) was 1.35x
     * slower for one producer and one consumer at capacity 16.
     */
    static final int TURN_PAUSES = 32;

    /** Looks at a medium buffer before a send or receive taking turns gives up and queues. */
    static final int TURN_LOOKS = 4;

    /**
     * What a wait that did not pay costs a channel's {@link #spinCredit}: after one, the next
     * four blocked operations park at once (see {@link #maySpin}). After a long run of spins
     * that did not pay, each further one costs twice the one before, up to
     * {@link #SPIN_PENALTY_MAX}.
     */
    static final int SPIN_PENALTY = 4;

    /**
     * How many spins in a row may fail to pay at the flat {@link #SPIN_PENALTY} before the
     * penalty starts doubling. Where spins pay now and then, as with four senders and four
     * receivers on an unbuffered channel, runs of a few that do not are common, and doubling
     * from the first (measured side by side) made Go's ChanProdCons0 1.17x and four producers
     * and four consumers 1.05x slower. Where no spin can pay, the run never ends.
     */
    static final int UNPAID_SPINS_BEFORE_DOUBLING = 8;

    /**
     * The most a spin that did not pay can cost: where no spin pays, one blocked operation in
     * 257 spins. Measured side by side, a ceiling of 64 left a hundred unbuffered pairs of
     * goroutines as slow (400 ns per element) as a flat penalty did; 256 made them 300 to 320.
     */
    static final int SPIN_PENALTY_MAX = SPIN_PENALTY << 6;

    /** The most {@link #spinCredit} a run of waits that paid can build up. */
    static final int SPIN_CREDIT_MAX = 8;

    /**
     * {@link #takeOrQueue} and {@link #putOrQueue}, called through these handles so that the JIT
     * never inlines them into the operation that then parks. A parked virtual thread keeps its
     * compiled frames on the heap, and a compiled frame is as large as the most its code ever
     * needs at once: with the lock section inlined (C2 inlines it, being small and hot), every
     * parked receiver carried its spill slots, 312 to 416 bytes of stack chunk depending on the
     * compilation, against 264 to 312 with the call kept apart. HotSpot has no "do not inline" for code
     * outside the JDK, but it cannot inline a call through a method handle it does not know to
     * be constant, hence fields that are deliberately not final. The indirect call costs a few
     * nanoseconds, on the locked path only. Never null after class initialization.
     */
    private static MethodHandle takeOrQueueCall;
    private static MethodHandle putOrQueueCall;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            takeOrQueueCall = l.findVirtual(ChannelImpl.class, "takeOrQueue",
                    MethodType.methodType(Object.class, boolean.class));
            putOrQueueCall = l.findVirtual(ChannelImpl.class, "putOrQueue",
                    MethodType.methodType(Object.class, Object.class, boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final VarHandle SLOT;

    static {
        try {
            SLOT = MethodHandles.lookup().findVarHandle(ChannelImpl.class, "slot", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The buffer; null when unbuffered. */
    private final ChannelBuffer buffer;
    /**
     * Unbuffered channels only: the oldest waiter of the channel, if it is a plain send or
     * receive that came while both queues were empty; null otherwise. Set and cleared by CAS,
     * with or without the lock (see "the slot" in the overview).
     */
    private volatile Waiter slot;
    /**
     * How well waiting before parking has been paying on this channel lately (see "Waiting
     * only where it pays" above). Its low 16 bits are the credit, signed: up one for each wait
     * after which the operation went through, down a penalty for each that ended in the lock
     * or in a park. Its high bits count the spins in a row that did not pay, which double the
     * penalty. Read and written plainly by whoever waits, without the lock: it only steers a
     * heuristic, and a lost update costs nothing but a wait more or less. Written only when it
     * changes: it sits in the same 40 bytes as {@link #slot} and {@code ctl}, which the other
     * side reads, and writing it back after every wait that paid cost selects over unbuffered
     * channels 1.1x. It fits in the channel object's alignment padding, so it costs no bytes.
     */
    private int spinCredit;
    /** Head of the parked receivers ({@link WaitQueue}); guarded by the lock. */
    private QueuedWaiter recvq;
    /** Head of the parked senders ({@link WaitQueue}); guarded by the lock. */
    private QueuedWaiter sendq;

    ChannelImpl(int capacity) {
        this.buffer = capacity == 0 ? null : ChannelBuffer.of(capacity);
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

    /**
     * Buffers {@code value} without the lock if there is room and nobody waits; false if the lock
     * is needed. After the offer it looks for receivers that parked meanwhile (the other half of
     * the check {@link #enqueueReceiverLocked} makes after raising its flag) and serves them.
     */
    private boolean offerFast(Object value) {
        ChannelBuffer b = buffer;
        if (b == null || (ctl & NOT_FAST) != 0 || !b.tryReserve()) {
            return false;
        }
        b.put(value);
        if ((ctl & RECV_WAITING) != 0) {
            deliver();
        }
        return true;
    }

    private boolean sendSlow(Object value, boolean mayBlock, boolean timed, long deadline)
            throws InterruptedException {
        Object r = putOrQueueApart(value, mayBlock);
        if (!(r instanceof Waiter w)) {
            if (r == CLOSED) {
                throw sendOnClosed();
            }
            return r == Boolean.TRUE;
        }
        if (!decided(w, awaitAndLearn(w, timed, deadline))) {
            return false;
        }
        if (w.item == CLOSED) {
            throw sendOnClosed();
        }
        return true;
    }

    /** {@link #putOrQueue} in a frame of its own (see {@link #takeOrQueueCall}). */
    private Object putOrQueueApart(Object value, boolean mayBlock) {
        try {
            return (Object) putOrQueueCall.invokeExact(this, value, mayBlock);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("putOrQueue throws no checked exception", t);
        }
    }

    /**
     * Under the lock, sends now or queues a new waiter: returns {@code TRUE} if sent,
     * {@code FALSE} if not ready and {@code !mayBlock}, {@link #CLOSED}, or the queued
     * {@link Waiter}. Called apart from the parking (see {@link #takeOrQueueCall}).
     */
    private Object putOrQueue(Object value, boolean mayBlock) {
        if (buffer == null) {
            Object r = throughSlot(value, mayBlock);
            if (r != null) {
                return r;
            }
        } else if (mayBlock && spinToOffer(value)) {
            return Boolean.TRUE;
        }
        QueuedWaiter w = null;
        lock();
        try {
            for (;;) {
                int st = putLocked(value);
                if (st != NOT_READY) {
                    return st == SENT ? Boolean.TRUE : CLOSED;
                }
                if (!mayBlock) {
                    return Boolean.FALSE;
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
            setFlagLocked(WARM);
            receiver.wakeOwner();
            return SENT;
        }
        if (hasLive(true)) {
            return NOT_READY; // a receive that freed a slot will refill it from them first
        }
        clearFlagsOfEmptyQueues();
        if (!buffer.tryReserve()) {
            return NOT_READY;
        }
        // Through the buffer even when a receiver is parked, so that the value cannot overtake
        // an element a fast send buffered a moment ago; deliverLocked then hands out the head.
        buffer.put(value);
        if ((ctl & RECV_WAITING) != 0) {
            deliverLocked();
        }
        return SENT;
    }

    /**
     * Under the lock, after {@link #putLocked} said {@link #NOT_READY}: queues the sender behind
     * the parked ones, or first if the buffer is still full. Returns false if room appeared
     * meanwhile (a fast receive), or a receiver entered the unbuffered slot, in which case the
     * caller must try {@link #putLocked} again.
     */
    boolean enqueueSenderLocked(QueuedWaiter w) {
        int s = ctl;
        if ((s & CLOSED_BIT) != 0) {
            return false;
        }
        if (sendq == null) {
            // Raise the flag, then look for room, or for a receiver in the slot: a receive counts
            // down, or enters the slot, then reads the flag. Of two volatile writes each followed
            // by a read of the other's, one sees the other.
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
    Object pollFast() {
        ChannelBuffer b = buffer;
        if (b != null) {
            Object v = b.poll();
            if (v != null) {
                b.countDown();
                if ((ctl & SEND_WAITING) != 0) {
                    refill();
                }
                return v;
            }
        }
        return (ctl & CLOSED_BIT) != 0 && (b == null || b.count() == 0) ? CLOSED : null;
    }

    /** Returns an element, {@link #CLOSED}, or null if not ready and {@code !mayBlock} or timed out. */
    private Object receiveSlow(boolean mayBlock, boolean timed, long deadline) throws InterruptedException {
        for (;;) {
            Object r = takeOrQueueApart(mayBlock);
            if (!(r instanceof Waiter w)) {
                return r;
            }
            if (!decided(w, awaitAndLearn(w, timed, deadline))) {
                return null;
            }
            Object v = w.awaitResult();
            if (v != RETRY) {
                return v;
            }
            // Woken for an element a barging receive took: try again, at least once more even
            // if the deadline has passed, since this receive was chosen before it did.
            mayBlock = mayBlock && (!timed || deadline - System.nanoTime() > 0L);
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
     * Under the lock, takes now or queues a new waiter: returns the element, {@link #CLOSED},
     * null if not ready and {@code !mayBlock}, or the queued {@link Waiter} (never an element:
     * users cannot make one). Called apart from the parking (see {@link #takeOrQueueCall}).
     */
    private Object takeOrQueue(boolean mayBlock) {
        if (buffer == null) {
            Object r = throughSlot(null, mayBlock);
            if (r != null) {
                return r;
            }
        } else if (mayBlock) {
            Object v = spinToPoll();
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
     * @return the element, {@link #CLOSED} if closed and drained, or null if not ready
     */
    Object takeLocked() {
        if (buffer != null) {
            Object v = buffer.pollUnderLock();
            if (v != null) {
                countDownLocked();
                return v;
            }
        }
        // Nothing buffered and nothing in flight. A parked sender hands over directly: always so
        // when unbuffered; when buffered, only in the moment before a pending refill moves it in.
        Waiter sender = claimPartner(true, null);
        clearFlagsOfEmptyQueues();
        if (sender != null) {
            setFlagLocked(WARM);
            sender.wakeOwner();
            return sender.item;
        }
        return (ctl & CLOSED_BIT) != 0 && (buffer == null || buffer.count() == 0) ? CLOSED : null;
    }

    /** Under the lock: completes a receive from the buffer, refilling the freed slot if senders wait. */
    private void countDownLocked() {
        buffer.countDown();
        if ((ctl & SEND_WAITING) != 0) {
            refillLocked();
        }
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
        // Reserve first, then claim: a fast send that read the flags before SEND_WAITING was
        // raised may take the slot, and a claimed sender could not be given back.
        while (sendq != null && buffer.tryReserve()) {
            Waiter sender = claimFirst(true, null);
            if (sender == null) {
                buffer.unreserve();
                break;
            }
            buffer.put(sender.item);
            setFlagLocked(WARM);
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
     * element is in its hands the claimed receiver sees {@link #PENDING}; if a barging receive
     * emptied the buffer meanwhile it gets {@link #RETRY}.
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
            setFlagLocked(WARM);
            receiver.wakeOwner();
            countDownLocked();
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
            // Raise the flag, then look again: a fast send reserves, or a sender enters the
            // slot, then reads the flag.
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
            setFlagLocked(SHARED_BY_RECEIVERS);
        }
        recvq = WaitQueue.append(recvq, w);
        return true;
    }

    // ---------------------------------------------------------------- taking turns on a buffer

    /**
     * For a blocking send that found the buffer full, on a {@link #WARM} channel: waits without
     * the lock for the receivers to make room before it queues and parks. On a small buffer
     * ({@link #SMALL_CAPACITY}) it retries the offer at once, over and over; on a medium one
     * ({@link #MEDIUM_CAPACITY}) it {@link #offerWhenDrained waits for the buffer to drain}.
     * Gives up at once if anyone queues or the channel closes (the lock then decides). True if
     * sent.
     */
    private boolean spinToOffer(Object value) {
        if (!waitsOnBuffer()) {
            return false;
        }
        boolean turns = buffer.capacity > SMALL_CAPACITY;
        return spinEnded(turns ? offerWhenDrained(value) : spinOnSmallBuffer(value), !turns);
    }

    /** Retries the lock-free offer, over and over, for {@link #SPINS_BEFORE_PARK} spins. */
    private boolean spinOnSmallBuffer(Object value) {
        for (int i = 0; i < SPINS_BEFORE_PARK && (ctl & NOT_FAST) == 0; i++) {
            Thread.onSpinWait();
            if (offerFast(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a blocking receive that found the buffer empty: the mirror of {@link #spinToOffer}
     * (on a medium buffer, {@link #pollWhenFilled}). Returns the element (or {@link #CLOSED}),
     * or null to go on under the lock.
     */
    private Object spinToPoll() {
        if (!waitsOnBuffer()) {
            return null;
        }
        boolean turns = buffer.capacity > SMALL_CAPACITY;
        Object v = turns ? pollWhenFilled() : pollOnSmallBuffer();
        spinEnded(v != null, !turns);
        return v;
    }

    /**
     * True if a blocked operation on this buffered channel waits on the buffer before it
     * queues: a {@link #WARM} channel of up to {@link #MEDIUM_CAPACITY} whose
     * {@link #spinCredit} allows it.
     */
    private boolean waitsOnBuffer() {
        return (ctl & WARM) != 0 && buffer.capacity <= MEDIUM_CAPACITY && maySpin();
    }

    /** Retries the lock-free poll, over and over, for {@link #SPINS_BEFORE_PARK} spins. */
    private Object pollOnSmallBuffer() {
        for (int i = 0; i < SPINS_BEFORE_PARK && (ctl & NOT_FAST) == 0; i++) {
            Thread.onSpinWait();
            Object v = pollFast();
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * A send that found a medium buffer full: looks at it up to {@link #TURN_LOOKS} times, a
     * long pause apart, while the receivers drain it, then offers once (see "Taking turns" in
     * the class comment). Stops looking once the buffer is empty, or as soon as a look finds it
     * no emptier than the one before: nobody is draining it (a select over several channels
     * takes from this one only now and then), so the sender parks rather than hold a carrier.
     * True if sent; false to go on under the lock, at once if anyone queues or the channel
     * closes.
     */
    private boolean offerWhenDrained(Object value) {
        int seen = buffer.capacity;
        for (int look = 0; look < TURN_LOOKS; look++) {
            pause();
            if ((ctl & NOT_FAST) != 0) {
                return false;
            }
            int n = buffer.count();
            if (n == 0 || n >= seen) {
                break;
            }
            seen = n;
        }
        return offerFast(value);
    }

    /**
     * A receive that found a medium buffer empty: looks at it up to {@link #TURN_LOOKS} times,
     * a long pause apart, until the senders have filled it or have stopped adding to it, then
     * polls once. Unlike {@link #offerWhenDrained}, the first look that finds the buffer still
     * empty does not end the wait: a sender that was waiting for the drain starts its next
     * burst only at its own next look, up to a pause later. The second one does: the senders
     * are not running, perhaps for want of the carrier this receive holds. Returns the element
     * (or {@link #CLOSED}), or null to go on under the lock.
     */
    private Object pollWhenFilled() {
        int seen = 0;
        for (int look = 0; look < TURN_LOOKS; look++) {
            pause();
            if ((ctl & NOT_FAST) != 0) {
                return null;
            }
            int n = buffer.count();
            if (n == buffer.capacity || (n > 0 && n == seen) || (n == 0 && look > 0)) {
                break;
            }
            seen = n;
        }
        return pollFast();
    }

    /**
     * {@link Waiter#await} with this channel's spins, then records in {@link #spinCredit}
     * whether the spin paid: whether the decision came before the owner went to park.
     */
    private int awaitAndLearn(Waiter w, boolean timed, long deadline) {
        int spins = spinsFor(w);
        int outcome = w.await(timed, deadline, spins);
        if (spins > 0) {
            spinEnded(!w.wentToPark(), true);
        }
        return outcome;
    }

    /**
     * Whether a blocked operation may wait before parking now (take turns, or spin): while
     * waits have been paying on this channel ({@link #spinCredit} not negative). Otherwise it
     * parks at once, and counts the chance it let go, so that once as many have parked as the
     * last penalty cost, the channel tries again (see "Waiting only where it pays").
     */
    private boolean maySpin() {
        int s = spinCredit;
        int credit = creditOf(s);
        if (credit >= 0) {
            return true;
        }
        spinCredit = spinState(credit + 1, unpaidRunOf(s));
        return false;
    }

    /**
     * Records how a wait ended: it paid if the operation then went through without the lock
     * (or, for a spinning waiter, was decided before it went to park). A wait that paid earns
     * one and ends any run of waits that did not. One that did not costs
     * {@link #SPIN_PENALTY}; if {@code doubling} (a spin, not taking turns) and more than
     * {@link #UNPAID_SPINS_BEFORE_DOUBLING} spins in a row before it did not pay either, twice
     * the penalty before it, up to {@link #SPIN_PENALTY_MAX} (see "Waiting only where it
     * pays"). Returns {@code paid}.
     */
    private boolean spinEnded(boolean paid, boolean doubling) {
        int s = spinCredit;
        int next = spinStateAfter(s, paid, doubling);
        if (next != s) {
            spinCredit = next;
        }
        return paid;
    }

    /** The {@link #spinCredit} word after a wait that ended as {@link #spinEnded} describes. */
    static int spinStateAfter(int s, boolean paid, boolean doubling) {
        int credit = creditOf(s);
        if (paid) {
            return spinState(Math.min(credit + 1, SPIN_CREDIT_MAX), 0);
        }
        int run = unpaidRunOf(s);
        int penalty = doubling
                ? SPIN_PENALTY << Math.max(0, run - UNPAID_SPINS_BEFORE_DOUBLING)
                : SPIN_PENALTY;
        return spinState(Math.max(credit - penalty, -SPIN_PENALTY_MAX),
                doubling && penalty < SPIN_PENALTY_MAX ? run + 1 : run);
    }

    /** The credit part of a {@link #spinCredit} word: its low 16 bits, signed. */
    static int creditOf(int spinState) {
        return (short) spinState;
    }

    /** How many spins in a row have not paid (until the penalty stops doubling): the high bits. */
    static int unpaidRunOf(int spinState) {
        return spinState >>> 16;
    }

    /** A {@link #spinCredit} word. */
    static int spinState(int credit, int unpaidRun) {
        return unpaidRun << 16 | credit & 0xFFFF;
    }

    /** {@link #TURN_PAUSES} spin-wait hints: the pause between two looks while taking turns. */
    private static void pause() {
        for (int i = 0; i < TURN_PAUSES; i++) {
            Thread.onSpinWait();
        }
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
                    warmUp(c);
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
     * After placing {@code mine} in the slot: looks at {@code ctl} again, the other half of the
     * check {@link #enqueueSenderLocked} and {@link #enqueueReceiverLocked} make after raising
     * their flag, and {@code close} after closing. If a partner queued meanwhile ({@code
     * partnerFlag}) or the channel closed, either of which may have missed the slot, takes
     * {@code mine} back and returns null so that the caller goes through the lock; if it cannot
     * (a partner or close has already taken it), or nothing happened, returns {@code mine}.
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
     * slot waiter while waiters of the other kind (the caller's own) are queued is left alone:
     * it raced their enqueue and is on its way to them (it saw their flag and is taking itself
     * back out), and taking it would let the caller overtake them.
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

    /**
     * Without the lock, after a match through the slot: marks the channel {@link #WARM} if it
     * is not yet, by a CAS from the unlocked value {@code c} (as a locker would), so it never
     * races a lock holder's writes. Best effort: it only tunes spinning.
     */
    private void warmUp(int c) {
        if ((c & (WARM | LOCKED)) == 0) {
            CTL.compareAndSet(this, c, c | WARM);
        }
    }

    // ---------------------------------------------------------------- close and state

    @Override
    public void close() {
        lock();
        try {
            int s = ctl;
            if ((s & CLOSED_BIT) != 0) {
                throw new ChannelClosedException("close of closed channel");
            }
            CTL.setVolatile(this, s | CLOSED_BIT);
            if (buffer != null) {
                buffer.close();
                deliverLocked(); // elements sent before the closure go to the receivers first
            }
            for (Waiter w; (w = claimSlot(false, CLOSED)) != null
                    || (w = claimSlot(true, CLOSED)) != null; ) {
                w.wakeOwner();
            }
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

    @Override
    public String toString() {
        return "Channel[len=" + size() + ", cap=" + capacity() + (isClosed() ? ", closed]" : "]");
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

    /**
     * For a waiter just queued: how long it should spin before parking. Only the first in line
     * of a {@link #WARM} channel may spin, and then:
     * <ul>
     *   <li>on an unbuffered channel, always: the peer cannot go on without this waiter, so its
     *       answer comes soon, and spinning saves a park and unpark per element (one producer
     *       and one consumer: 379 against 710 ns per element without spinning);
     *   <li>on a buffered channel, a sender never: the receivers can go on without it, and a
     *       sender spinning on a full buffer keeps both sides in lockstep, one element at a time
     *       across cores, where a parked one lets the consumer drain a batch (one producer and one
     *       consumer at capacity 16: 175 against 255 ns; a select over two such channels at
     *       capacity 128: 167 against 283 ns);
     *   <li>on a buffered channel, a receiver only when {@link #SHARED_BY_RECEIVERS}. With a single
     *       consumer, parking lets the producer run ahead and the woken consumer drain a batch.
     *       With several, each element would go to a different parked receiver and cost an
     *       unpark each: four producers and four consumers at capacity 1024 take 70 ns per
     *       element when receivers spin, 146 when they do not.
     * </ul>
     * (Before they queue, both sides spin on buffers of up to {@link #SMALL_CAPACITY} and take
     * turns on those of up to {@link #MEDIUM_CAPACITY}: see "Taking turns" above.) Even then, a
     * waiter spins only while the channel's {@link #spinCredit} allows it (see "Waiting only
     * where it pays"). Read without the lock by plain sends and receives, which is harmless: it
     * only tunes spinning, and a waiter that was matched meanwhile does not wait.
     */
    int spinsFor(Waiter w) {
        int s = ctl;
        if ((s & WARM) == 0) {
            return 0;
        }
        boolean first = buffer == null
                ? slot == w || sendq == w || recvq == w
                : !w.isSender() && (s & SHARED_BY_RECEIVERS) != 0 && recvq == w;
        return first && maySpin() ? SPINS_BEFORE_PARK : 0;
    }

    /** Under the lock: raises {@code flag} in {@code ctl} if it is not up yet. */
    private void setFlagLocked(int flag) {
        int s = ctl;
        if ((s & flag) == 0) {
            CTL.setVolatile(this, s | flag);
        }
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
        int clear = (recvq == null ? RECV_WAITING : 0) | (sendq == null ? SEND_WAITING : 0);
        int s = ctl;
        if ((s & clear) != 0) {
            CTL.setVolatile(this, s & ~clear);
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
