package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link ChannelBuffer} of a channel of capacity 2 or more: a ring of cells taken in ticket
 * order, whose two counters are at once the channel's count, its capacity check, its closure
 * and every element's place in the FIFO order.
 *
 * <h2>Invariants</h2>
 *
 * <ol>
 *   <li>{@code sent} counts the tickets ever taken by sends and {@code received} those ever
 *       taken by receives; a ticket is taken by one CAS, the send's or receive's linearization
 *       point. Send ticket t puts its element in cell {@code t & mask}, and receive ticket t
 *       takes it from there: so receives take elements in the order their sends took tickets.
 *   <li>{@code 0 <= sent - received <= capacity <= cells}: a send takes a ticket only while
 *       the count is below the capacity, a receive only while it is above 0. The count
 *       ({@link #count}) is therefore exact at every instant: it is what {@code size()},
 *       {@code trySend} and the drained check read.
 *   <li>Each cell has a turn: {@code t} while it waits for send ticket t, {@code t + 1} while it
 *       holds that send's element, {@code t + cells} once receive ticket t emptied it. A send or
 *       receive that took its ticket waits for its cell's turn: a send for the receive one lap
 *       behind (ticket {@code t - cells}, which already took its ticket, by invariant 2), a
 *       receive for its own send. Each waits for a few instructions of a thread that holds
 *       a ticket and waits for nothing but the one before it in the same way, so no cycle.
 *   <li>{@link #CLOSED} in {@code sent}: no send takes a ticket after the closure, so a receiver
 *       that finds the count 0 after it knows the channel is drained.
 *   <li>{@link #TENTATIVE} in {@code sent}: the last ticket belongs to a refill under the
 *       channel lock that may give it back. No receive claims it and no other send takes a
 *       ticket behind it, so giving it back leaves no hole.
 * </ol>
 *
 * <h2>Why not a JCTools queue</h2>
 *
 * This is the algorithm of JCTools' {@code MpmcArrayQueue} (Vyukov's bounded MPMC queue: an
 * index CAS, then a turn per cell), with the channel's decisions folded into the index CAS. A
 * JCTools queue takes its place in the order with a CAS on its own index, after which the
 * channel can neither refuse the element (the channel closed meanwhile, or is full at its own
 * capacity, not the queue's power of two) nor count it at the same instant. Counters kept
 * beside such a queue count sends in one order while the queue orders them in another: a send
 * could be counted by {@code size()} and then come out behind a later one, which Lincheck
 * found ({@code NonBlockingLinearizabilityTest}). Here the ticket is the place.
 *
 * <h2>Two counters, one per side</h2>
 *
 * A single count written by every send and every receive crosses between two cores twice per
 * element (measured at 2193c6a: five times the cost of the queue itself). Senders write only
 * {@code sent} and receivers only {@code received}, each on its own padded line, and each side
 * reads the other's counter only when its cached copy ({@code receivedSeen}, {@code sentSeen})
 * says the buffer may be full, or empty. Both bounds only grow, so a stale copy can only make a
 * side think the buffer fuller, or emptier, than it is: it then reads the other counter. A
 * "full" or "empty" answer is always read fresh, in the order that makes it true at an instant:
 * a send reads {@code sent} then {@code received} (both can only have grown since, so the count
 * was at least {@code s - r} when {@code r} was read), a receive {@code received} then
 * {@code sent}.
 *
 * <h2>A ticket taken under the lock</h2>
 *
 * A refill under the channel lock takes a ticket before it knows whether a parked sender is
 * still there to fill it (a select's sender may have been decided elsewhere), because once it
 * claimed a sender it must have a place for its element. So it takes the ticket
 * {@linkplain #tryReserveTentatively tentatively}, and {@link #putTentative} or
 * {@link #unreserve} clears {@link #TENTATIVE}. Meanwhile a lock-free send is refused (its
 * caller takes the lock, which the refill holds for a few more instructions) and a receive
 * stops at the ticket before it.
 *
 * <h2>A receiver that caught up</h2>
 *
 * With one producer and one consumer on two cores, a large buffer runs in one of two ways. If
 * the producer keeps ahead, the two work on different cache lines. If the consumer catches up,
 * it takes each element right behind the producer, and each look at a cell still in flight
 * takes its line from the producer while it writes it, which slows the producer, so the
 * consumer stays caught up (an element then costs two to four times as much). So a receiver
 * without the channel lock that finds its cell in flight pauses before each new look, as long
 * as the channel's {@link WaitPolicy} says, and after eight such pauses goes on as
 * {@link InFlight} does (yields, then short parks), as a look that keeps failing means the
 * sender's thread is not running. Under the lock the wait stays as short as it can. (Figures:
 * {@code docs/tuning.md}.)
 *
 * <h2>Memory model</h2>
 *
 * An element is written before its cell's turn is released and read after the turn is
 * acquired. The k-th receive's ticket CAS happens-before any send that reads {@code received}
 * to take ticket k + capacity - 1 or later; a sender that reserves from {@code receivedSeen}
 * reads a value some sender read from {@code received} and published with a release store, so
 * the k-th receive happens-before the (k + capacity)-th send completes, as Go's memory model
 * requires. Emptying a cell is released with its turn too, so a send one lap later never
 * meets the old element.
 */
final class RingBuffer extends RingBufferFields {
    /** Set in {@code sent} by {@link #close}: no ticket is taken afterwards. */
    static final long CLOSED = 1L << 62;
    /** Set in {@code sent} while its last ticket is tentative: see the class comment. */
    static final long TENTATIVE = 1L << 61;
    private static final long TICKETS = TENTATIVE - 1;
    /** No ticket: the buffer is full or closed, or a refill holds the last ticket. */
    static final long NO_TICKET = -1L;

    /** Unused cells before and after each array's own, so that neighbours keep off their lines. */
    private static final int PAD = 16;

    /** The elements, at {@code PAD + (ticket & mask)}. */
    private final Object[] cells;
    /** The turns (invariant 3), at the same indices. */
    private final long[] turns;
    private final int mask;

    /** A buffer of {@code capacity} places, at least 2, in a ring of the next power of two. */
    RingBuffer(int capacity) {
        super(capacity);
        int n = Integer.highestOneBit(capacity - 1) << 1; // capacity <= MAX_CAPACITY = 2^30
        this.mask = n - 1;
        this.cells = new Object[n + 2 * PAD];
        this.turns = new long[n + 2 * PAD];
        for (int i = 0; i < n; i++) {
            turns[PAD + i] = i;
        }
    }

    @Override
    long tryReserve() {
        return reserve(0L);
    }

    @Override
    long tryReserveTentatively() {
        return reserve(TENTATIVE);
    }

    /** A CAS of {@code sent} one up, adding {@code bits}: the ticket, unless full or closed. */
    private long reserve(long bits) {
        for (;;) {
            long s = sent;
            if ((s & (CLOSED | TENTATIVE)) != 0L) {
                return NO_TICKET;
            }
            if (s - (long) RECEIVED_SEEN.getAcquire(this) >= capacity) {
                long r = received;                       // maybe full: look at the receivers
                RECEIVED_SEEN.setRelease(this, r);
                if (s - r >= capacity) {
                    return NO_TICKET;
                }
            }
            if (SENT.weakCompareAndSet(this, s, (s + 1) | bits)) {
                return s;
            }
        }
    }

    /** Only while {@link #TENTATIVE} is set, so no other ticket was taken behind it. */
    @Override
    void unreserve() {
        SENT.getAndAdd(this, -(TENTATIVE + 1));
    }

    /** Waits out the receive one lap behind, then publishes the element (invariant 3). */
    @Override
    void put(long ticket, Object value) {
        int i = PAD + (int) (ticket & mask);
        int waited = 0;
        while ((long) TURN.getAcquire(turns, i) != ticket) {
            waited = InFlight.pause(waited);
        }
        InFlight.done(waited);
        cells[i] = value;
        TURN.setRelease(turns, i, ticket + 1);
    }

    @Override
    void putTentative(long ticket, Object value) {
        put(ticket, value);
        SENT.getAndAdd(this, -TENTATIVE);               // now receivers may claim it
    }

    @Override
    Object pollUnderLock() {
        return poll(1);
    }

    @Override
    Object poll(int pausesPerLook) {
        long ticket = claim();
        if (ticket == NO_TICKET) {
            return null;
        }
        int i = PAD + (int) (ticket & mask);
        // Stop spinning after SPINS_BEFORE_YIELD single pauses, or after eight long ones.
        int yieldAfter = Math.max(InFlight.SPINS_BEFORE_YIELD, 8 * pausesPerLook);
        int waited = 0;
        while ((long) TURN.getAcquire(turns, i) != ticket + 1) {
            waited = InFlight.pause(waited, pausesPerLook, yieldAfter);
        }
        InFlight.done(waited);
        Object v = cells[i];
        cells[i] = null;
        TURN.setRelease(turns, i, ticket + mask + 1);
        return v;
    }

    /** A CAS of {@code received} one up: the ticket, unless every element sent is claimed. */
    private long claim() {
        for (;;) {
            long r = received;
            if (r >= (long) SENT_SEEN.getAcquire(this)) {
                long s = claimable(sent);                // maybe empty: look at the senders
                SENT_SEEN.setRelease(this, s);
                if (r >= s) {
                    return NO_TICKET;
                }
            }
            if (RECEIVED.weakCompareAndSet(this, r, r + 1)) {
                return r;
            }
        }
    }

    /** The tickets of {@code s} that receivers may claim: all but a tentative one. */
    private static long claimable(long s) {
        return (s & TICKETS) - ((s & TENTATIVE) != 0L ? 1L : 0L);
    }

    /** A snapshot: {@code received} read again unchanged means it held when {@code sent} was read. */
    @Override
    int count() {
        for (;;) {
            long r = received;
            long s = claimable(sent);
            if (received == r) {
                return (int) Math.max(0L, s - r);
            }
        }
    }

    @Override
    boolean hasRoom() {
        return (sent & TICKETS) - received < capacity;
    }

    @Override
    void close() {
        SENT.getAndBitwiseOr(this, CLOSED);
    }
}

/** Padding before {@code sent}, so no field of another object shares its cache line. */
abstract class RingBufferPad0 extends ChannelBuffer {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p10, p11, p12, p13, p14, p15, p16;

    RingBufferPad0(int capacity) {
        super(capacity);
    }
}

/** The senders' line: {@code sent}, and their cached view of {@code received}. */
abstract class RingBufferSentFields extends RingBufferPad0 {
    /** Tickets ever taken by sends, plus {@link RingBuffer#CLOSED} and {@link RingBuffer#TENTATIVE}. */
    volatile long sent;
    /** A recent value of {@code received}, at most the current one. Written by senders only. */
    long receivedSeen;

    RingBufferSentFields(int capacity) {
        super(capacity);
    }
}

/** Padding between the two sides. */
abstract class RingBufferPad1 extends RingBufferSentFields {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p30, p31, p32, p33, p34, p35, p36;

    RingBufferPad1(int capacity) {
        super(capacity);
    }
}

/** The receivers' line: {@code received}, and their cached view of {@code sent}. */
abstract class RingBufferReceivedField extends RingBufferPad1 {
    /** Tickets ever taken by receives. Written by receivers only. */
    volatile long received;
    /** A recent claimable bound of {@code sent}, at most the current one. Written by receivers only. */
    long sentSeen;

    RingBufferReceivedField(int capacity) {
        super(capacity);
    }
}

/** Padding after {@code received}, and the handles of both sides. */
abstract class RingBufferFields extends RingBufferReceivedField {
    long p40, p41, p42, p43, p44, p45, p46, p47;
    long p50, p51, p52, p53, p54, p55, p56;

    static final VarHandle SENT;
    static final VarHandle RECEIVED;
    static final VarHandle RECEIVED_SEEN;
    static final VarHandle SENT_SEEN;
    static final VarHandle TURN = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SENT = l.findVarHandle(RingBufferSentFields.class, "sent", long.class);
            RECEIVED_SEEN = l.findVarHandle(RingBufferSentFields.class, "receivedSeen", long.class);
            RECEIVED = l.findVarHandle(RingBufferReceivedField.class, "received", long.class);
            SENT_SEEN = l.findVarHandle(RingBufferReceivedField.class, "sentSeen", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    RingBufferFields(int capacity) {
        super(capacity);
    }
}
