package dev.channels;

/**
 * The buffer of a buffered channel: its elements, its exact capacity, and a closure that takes
 * effect between two sends. Two algorithms, one per class: {@link QueueBuffer}, a JCTools MPMC
 * array queue with two counters, for every capacity but 1; and {@link CellBuffer}, a single
 * cell, for capacity 1, where a queue's bookkeeping costs more than the element itself.
 *
 * <h2>The contract {@link ChannelImpl} relies on</h2>
 *
 * <ul>
 *   <li>A send first {@link #tryReserve reserves} a place, which fails when the buffer is full
 *       or closed, and then {@link #put puts} exactly one element there (or, under the channel
 *       lock only, {@link #unreserve gives the place back}). A put never fails.
 *   <li>A receive {@link #poll polls}, which binds the head element to it (so each receiver's
 *       elements stay in FIFO order), and then {@link #countDown counts it down}. The place is
 *       free for a reservation at the latest once the count-down has returned.
 *   <li>{@link #count} is the number of places taken: elements buffered plus operations in
 *       flight (a send between its reservation and its put; in a {@link QueueBuffer}, also a
 *       receive between its poll and its count-down). 0 means nothing is buffered and nothing
 *       is coming. A poll waits out a send in flight, so it returns null only once the count
 *       was 0.
 *   <li>The reservation, and the write that frees a place (the count-down, or in a
 *       {@link CellBuffer} the poll itself), are volatile writes, each ordered before the
 *       caller's next volatile read: the channel's flags pair with them (a send reserves
 *       and then reads the flags; a parked receiver raises its flag and then reads the count;
 *       a receive frees a place and then reads the flags; a parked sender raises its flag and
 *       then looks for room).
 *   <li>After {@link #close}, no reservation is kept: every send either reserved before the
 *       closure (and its element will be received) or fails. So a receiver that finds a count
 *       of 0 after the closure knows the channel is drained.
 *   <li>Memory model: the k-th receive happens-before the (k + capacity)-th send completes,
 *       as Go's memory model requires, because that send's reservation reads what the k-th
 *       receive wrote.
 * </ul>
 *
 * <p>Waiters, flags and the decision of what to do when full or empty belong to
 * {@link ChannelImpl}; a buffer only counts, stores and polls.
 */
abstract class ChannelBuffer {
    /** The largest capacity: the largest JCTools array queue. */
    static final int MAX_CAPACITY = 1 << 30;

    /** Spins before yielding while a poll waits out a send in flight. */
    static final int SPINS_BEFORE_YIELD = 64;

    /** The channel's capacity, at least 1. */
    final int capacity;

    ChannelBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** The buffer for a channel of {@code capacity} (at least 1). */
    static ChannelBuffer of(int capacity) {
        return capacity == 1 ? new CellBuffer() : new QueueBuffer(capacity);
    }

    /**
     * Reserves one place: true if there was room and the buffer was not closed. The caller must
     * then {@link #put} exactly one element, or {@link #unreserve}.
     */
    abstract boolean tryReserve();

    /** Gives back a reservation that found no element to put (only under the channel's lock). */
    abstract void unreserve();

    /** Stores the element of a reservation. Never fails. */
    abstract void put(Object value);

    /**
     * Takes the head element, which binds it to the caller; the caller must then
     * {@link #countDown}. Waits out a send in flight, so returns null only once nothing is
     * buffered and nothing is in flight. For receivers without the channel lock, which pause
     * {@code pausesPerLook} spin hints before each new look at a send in flight (the channel's
     * {@link WaitPolicy} says how many).
     */
    abstract Object poll(int pausesPerLook);

    /** {@link #poll} for a caller that holds the channel lock: no longer a wait than needed. */
    abstract Object pollUnderLock();

    /** Completes a receive after its {@link #poll}: one element less. */
    abstract void countDown();

    /** Elements buffered plus operations in flight, 0 to {@link #capacity}. */
    abstract int count();

    /** True if a reservation would find room now (ignoring closure). */
    abstract boolean hasRoom();

    /** Refuses all later reservations (only under the channel's lock, once). */
    abstract void close();

    /**
     * One step of waiting out another thread's operation in flight: a spin-wait hint for the
     * first {@code yieldAfter} steps, then a yield, since an operation that is still in flight by
     * then belongs to a thread that is not running. Returns the next value of {@code waited}.
     */
    static int waitOutInFlight(int waited, int pauses, int yieldAfter) {
        if (waited < yieldAfter) {
            for (int i = 0; i < pauses; i++) {
                Thread.onSpinWait();
            }
            return waited + pauses;
        }
        Thread.yield();
        return waited;
    }
}
