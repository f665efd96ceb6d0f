package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The {@link ChannelBuffer} of a channel of capacity 1: a single cell, changed only by CAS.
 *
 * <h2>Why not a queue</h2>
 *
 * A queue keeps an element, its sequence number, a producer and a consumer index, and
 * {@link QueueBuffer}'s two counters, each on lines of their own. With one element in the
 * buffer, a producer and a consumer on two cores work on all of those lines at once, so every
 * element moves each of them between the cores. Here the element, the count and the
 * reservation are one word, one line. Measured side by side in one build (JMH, a flag choosing
 * the buffer, each fork's mean in ns per element): one producer and one consumer, 189-202
 * against 526-571 with the queue (five forks each); Go's BenchmarkSelectUncontended, 47-48
 * against 51-54.
 *
 * <h2>The cell</h2>
 *
 * {@code cell} holds:
 * <ul>
 *   <li>null: empty, nothing in flight ({@code count() == 0});
 *   <li>{@link #RESERVED}: a send has reserved the place and not yet put its element. Only
 *       that send writes the cell next: its element, or null if it gives the place back;
 *   <li>{@link #TENTATIVE}: a refill under the channel lock has reserved the place and may
 *       still give it back (its parked sender may be gone). It counts as empty, so a receive
 *       returns null rather than wait for the lock holder; only the refill writes it next;
 *   <li>an element: buffered. A receive takes it by a CAS from that element to null, which both
 *       binds the element to it and frees the place.
 * </ul>
 * A CAS from an element to null cannot take the wrong element: if another receive took that
 * element and the same object was sent again meanwhile, the cell holds the second send, and the
 * CAS takes it, which is a receive of that send. Each send is still received exactly once.
 *
 * <h2>Closure</h2>
 *
 * A reservation and the closure are two words here, not one: {@link #close} writes
 * {@code closed}, and a send CASes the cell to {@link #RESERVED} and then reads
 * {@code closed}. Volatile accesses are totally ordered, so either the send's read comes
 * before the closure's write, and then so did its reservation, which is kept (its element will
 * be received, as the send came before the closure); or the read comes after, sees the
 * closure, and the send gives its place back at once (a reservation that is not kept, which a
 * poll meanwhile waits out like any send in flight). {@code closed} shares the cell's line, so
 * the read costs nothing more.
 *
 * <h2>Memory model</h2>
 *
 * An element is published by the release store of {@link #put} and read by the receiver's
 * volatile read and CAS. The k-th receive's CAS to null happens-before the (k+1)-th send's
 * reservation, which reads that null.
 */
final class CellBuffer extends CellBufferFields {
    /** The cell while a send has reserved it and not yet put its element. */
    private static final Object RESERVED = new Object() {
        @Override
        public String toString() {
            return "RESERVED";
        }
    };

    /** The cell while a refill under the lock has reserved it and may still give it back. */
    private static final Object TENTATIVE = new Object() {
        @Override
        public String toString() {
            return "TENTATIVE";
        }
    };

    CellBuffer() {
        super(1);
    }

    /** The only ticket there is: 0. */
    @Override
    long tryReserve() {
        if (cell != null || closed || !CELL.compareAndSet(this, null, RESERVED)) {
            return NO_TICKET;
        }
        if (closed) {
            CELL.setVolatile(this, null); // closed meanwhile: not kept (see "Closure")
            return NO_TICKET;
        }
        return 0L;
    }

    @Override
    void unreserve() {
        CELL.setVolatile(this, null);
    }

    @Override
    void put(long ticket, Object value) {
        CELL.setRelease(this, value);
    }

    /** Under the lock, as the closure is: no closure can come between the look and the CAS. */
    @Override
    long tryReserveTentatively() {
        return cell == null && !closed && CELL.compareAndSet(this, null, TENTATIVE) ? 0L : NO_TICKET;
    }

    @Override
    void putTentative(long ticket, Object value) {
        put(ticket, value);
    }

    /** A cell has one element at most: a send in flight is waited out look by look. */
    @Override
    Object poll(int pausesPerLook) {
        Object v;
        int waited = 0;
        for (;;) {
            v = cell;
            if (v == null || v == TENTATIVE) {
                v = null;
                break;
            }
            if (v != RESERVED && CELL.compareAndSet(this, v, null)) {
                break;
            }
            waited = InFlight.pause(waited);         // in flight, or another receiver took it
        }
        InFlight.done(waited);
        return v;
    }

    @Override
    Object pollUnderLock() {
        return poll(1);
    }

    @Override
    int count() {
        Object v = cell;
        return v == null || v == TENTATIVE ? 0 : 1;
    }

    @Override
    boolean hasRoom() {
        return cell == null;
    }

    @Override
    void close() {
        closed = true;
    }
}

/**
 * Padding before the cell, so that no field of another object (the channel's own, allocated
 * just before) shares its cache line: 56 bytes on each side keep the cell's 64-byte line to
 * itself. Two lines on each side, as JCTools pads against the adjacent-line prefetcher, made no
 * difference here (one producer and one consumer, four forks each: 180-186 ns per element
 * against 182-192) and cost 128 bytes per channel; a channel of capacity 1 is often made for
 * one reply.
 */
abstract class CellBufferPad0 extends ChannelBuffer {
    long p00, p01, p02, p03, p04, p05, p06;

    CellBufferPad0(int capacity) {
        super(capacity);
    }
}

/** The cell's line: the cell, and the closure every reservation reads. */
abstract class CellBufferCell extends CellBufferPad0 {
    /** Null, {@code RESERVED}, or the buffered element. */
    volatile Object cell;
    /** Set once by {@code close}. */
    volatile boolean closed;

    CellBufferCell(int capacity) {
        super(capacity);
    }
}

/** Padding after the cell, and its handle. */
abstract class CellBufferFields extends CellBufferCell {
    long p10, p11, p12, p13, p14, p15, p16;

    static final VarHandle CELL;

    static {
        try {
            CELL = MethodHandles.lookup().findVarHandle(CellBufferCell.class, "cell", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    CellBufferFields(int capacity) {
        super(capacity);
    }
}
