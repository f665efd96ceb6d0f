package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

/**
 * The {@link ChannelBuffer} of a channel of capacity 2 or more: a JCTools MPMC array queue with
 * the channel's exact capacity, and a closure that takes effect between two sends.
 *
 * <h2>Two counters, one per side</h2>
 *
 * A JCTools array queue rounds its capacity up to a power of two, so the channel enforces its
 * own with counters: {@code sent}, the slots ever reserved by senders, and {@code received}, the
 * elements ever taken by receivers. A send reserves a slot (a CAS on {@code sent} that fails when
 * {@code sent - received} has reached the capacity) and then offers; a receive polls, which binds
 * the element to it, and then counts it ({@code received++}). So, at every instant,
 *
 * <pre>   elements in the queue  &lt;=  sent - received  &lt;=  capacity  &lt;=  the queue's own capacity</pre>
 *
 * and offers never fail. {@code sent - received == 0} means nothing is buffered and nothing is in
 * flight; when the queue is empty while the difference is positive, a send between its
 * reservation and its offer, or a receive between its poll and its count, is in flight: a few
 * instructions of another thread, which {@link #poll} waits out as JCTools' own MPMC poll does.
 *
 * <p>Why two counters and not one count: a single count is written by every send and every
 * receive, so on two cores its cache line crosses between them twice per element; measured,
 * that cost five times the queue itself (about 250 ns against 45 ns per element, one producer
 * and one consumer on this project's 2-core machine). Here senders write only {@code sent} and
 * receivers only {@code received}, each on its own padded cache line. A sender reads
 * {@code received} only when its cached copy, {@code receivedSeen}, says the buffer may be full;
 * {@code received} only grows, so a stale copy can only make a sender think the buffer fuller
 * than it is, never overfill it.
 *
 * <h2>A receiver that caught up</h2>
 *
 * With one producer and one consumer on two cores, a large buffer runs in one of two ways. If
 * the producer keeps ahead, the two work on different cache lines of the queue. If the consumer
 * catches up, it takes each element right behind the producer, and each look at an element
 * still in flight takes the lines of the queue's slots from the producer while it writes them,
 * which slows the producer, so the consumer stays caught up (an element then costs two to four
 * times as much). So a receiver without the channel lock that finds the next element in flight
 * pauses before each new look, as long as the channel's {@link WaitPolicy} says, time for the
 * producer to get well ahead again, and yields after eight such pauses, as a look that keeps
 * failing means the sender's thread is not running. Under the lock the wait stays as short as
 * it can, because the lock holder would hold everyone up. (Figures: {@code docs/tuning.md}.)
 *
 * <h2>Closure</h2>
 *
 * {@link #close} sets {@link #CLOSED} in {@code sent}, so a reservation and the closure are
 * ordered by the CAS on that one word: every send either reserved before the closure (and its
 * element will be received) or fails. Once closed, {@code sent} no longer grows, so a receiver
 * that finds {@code sent - received == 0} after the closure knows the channel is drained.
 *
 * <h2>Memory model</h2>
 *
 * An element is published by the queue's release store and read with its acquire load. The
 * k-th receive's {@code received++} (a volatile write) happens-before any send that reads it to
 * reserve slot k + capacity; a sender that reserves from {@code receivedSeen} reads a value that
 * some sender read from {@code received} and published with a release store, so the chain
 * holds: the k-th receive happens-before the (k + capacity)-th send completes, as Go's memory
 * model requires.
 */
final class QueueBuffer extends QueueBufferFields {
    /** Set in {@code sent} by {@link #close}: no reservation succeeds afterwards. */
    static final long CLOSED = 1L << 62;
    private static final long COUNT_MASK = CLOSED - 1;

    private final MessagePassingQueue<Object> queue;

    /** A buffer of {@code capacity} places, at least 2 (the smallest JCTools array queue). */
    QueueBuffer(int capacity) {
        super(capacity);
        this.queue = new MpmcVarHandleArrayQueue<>(capacity);
    }

    @Override
    boolean tryReserve() {
        for (;;) {
            long s = sent;
            if ((s & CLOSED) != 0L) {
                return false;
            }
            long n = s & COUNT_MASK;
            if (n - (long) RECEIVED_SEEN.getAcquire(this) >= capacity) {
                long r = received;                       // maybe full: look at the receivers
                RECEIVED_SEEN.setRelease(this, r);
                if (n - r >= capacity) {
                    return false;
                }
            }
            if (SENT.weakCompareAndSet(this, s, s + 1)) {
                return true;
            }
        }
    }

    @Override
    void unreserve() {
        SENT.getAndAdd(this, -1L);
    }

    /** Never fails: see the class comment. */
    @Override
    void put(Object value) {
        if (!queue.offer(value)) {
            throw new IllegalStateException("channel buffer overflow: sent=" + sent + ", received=" + received);
        }
    }

    @Override
    Object pollUnderLock() {
        return poll(1);
    }

    @Override
    Object poll(int pausesPerLook) {
        // Yield after SPINS_BEFORE_YIELD single pauses, or after eight long ones.
        int yieldAfter = Math.max(SPINS_BEFORE_YIELD, 8 * pausesPerLook);
        for (int waited = 0; ; waited = waitOutInFlight(waited, pausesPerLook, yieldAfter)) {
            Object v = queue.poll();
            if (v != null) {
                return v;
            }
            if (count() == 0) {
                return null;
            }
        }
    }

    /** A volatile write, which the caller's next read pairs with. */
    @Override
    void countDown() {
        RECEIVED.getAndAdd(this, 1L);
    }

    @Override
    int count() {
        long n = (sent & COUNT_MASK) - received;
        return n <= 0L ? 0 : (int) Math.min(n, capacity);
    }

    @Override
    boolean hasRoom() {
        return (sent & COUNT_MASK) - received < capacity;
    }

    @Override
    void close() {
        SENT.getAndBitwiseOr(this, CLOSED);
    }
}

/** Padding before {@code sent}, so no field of another object shares its cache line. */
abstract class QueueBufferPad0 extends ChannelBuffer {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p10, p11, p12, p13, p14, p15, p16;

    QueueBufferPad0(int capacity) {
        super(capacity);
    }
}

/** The senders' line: {@code sent}, and their cached view of {@code received}. */
abstract class QueueBufferSentFields extends QueueBufferPad0 {
    /** Slots ever reserved, plus {@link QueueBuffer#CLOSED}. Written by senders only. */
    volatile long sent;
    /** A recent value of {@code received}, at most the current one. Written by senders only. */
    long receivedSeen;

    QueueBufferSentFields(int capacity) {
        super(capacity);
    }
}

/** Padding between the two sides. */
abstract class QueueBufferPad1 extends QueueBufferSentFields {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p30, p31, p32, p33, p34, p35, p36;

    QueueBufferPad1(int capacity) {
        super(capacity);
    }
}

/** The receivers' line. */
abstract class QueueBufferReceivedField extends QueueBufferPad1 {
    /** Elements ever taken. Written by receivers only. */
    volatile long received;

    QueueBufferReceivedField(int capacity) {
        super(capacity);
    }
}

/** Padding after {@code received}, and the handles of both sides. */
abstract class QueueBufferFields extends QueueBufferReceivedField {
    long p40, p41, p42, p43, p44, p45, p46, p47;
    long p50, p51, p52, p53, p54, p55, p56;

    static final VarHandle SENT;
    static final VarHandle RECEIVED;
    static final VarHandle RECEIVED_SEEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SENT = l.findVarHandle(QueueBufferSentFields.class, "sent", long.class);
            RECEIVED_SEEN = l.findVarHandle(QueueBufferSentFields.class, "receivedSeen", long.class);
            RECEIVED = l.findVarHandle(QueueBufferReceivedField.class, "received", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    QueueBufferFields(int capacity) {
        super(capacity);
    }
}
