package dev.channels;

/**
 * The buffer of a buffered channel: its elements, its exact capacity, and a closure that takes
 * effect between two sends. Two algorithms, one per class: {@link RingBuffer}, a ring of cells
 * taken in ticket order, for every capacity but 1; and {@link CellBuffer}, a single cell, for
 * capacity 1, where a ring's bookkeeping costs more than the element itself.
 *
 * <h2>The contract {@link ChannelImpl} relies on</h2>
 *
 * <ul>
 *   <li>A send first {@link #tryReserve reserves} a place, which fails when the buffer is full
 *       or closed, and then {@link #put puts} exactly one element there. A put never fails. A
 *       refill under the channel lock, which may find no sender to fill its place, reserves
 *       {@link #tryReserveTentatively tentatively} and then either {@link #putTentative puts}
 *       or {@link #unreserve gives the place back}; no receive counts on a tentative place.
 *   <li>A receive {@link #poll polls}, which claims the head element for it (so each
 *       receiver's elements stay in FIFO order) and frees its place at once.
 *   <li>{@link #count} is the number of elements sent and not yet claimed: buffered, or a send
 *       in flight between its reservation and its put. 0 means nothing is buffered and nothing
 *       is coming. A poll waits out a send in flight, so it returns null only once the count
 *       was 0.
 *   <li>The reservation, and the poll that frees a place, are volatile writes, each ordered
 *       before the caller's next volatile read: the channel's flags pair with them (a send
 *       reserves and then reads the flags; a parked receiver raises its flag and then reads
 *       the count; a receive frees a place and then reads the flags; a parked sender raises
 *       its flag and then looks for room).
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
    /** The largest capacity: the largest ring whose length is a power of two an array holds. */
    static final int MAX_CAPACITY = 1 << 30;

    /** What {@link #tryReserve} returns when it reserved nothing. */
    static final long NO_TICKET = -1L;

    /** The channel's capacity, at least 1. */
    final int capacity;

    ChannelBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** {@code capacity} if a channel may have it, else Go's makechan error. */
    static int checkedCapacity(int capacity) {
        if (capacity < 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("makechan: size out of range: " + capacity
                    + " (capacity must be 0.." + MAX_CAPACITY + ")");
        }
        return capacity;
    }

    /** The buffer for a channel of {@code capacity} (at least 1). */
    static ChannelBuffer of(int capacity) {
        return capacity == 1 ? new CellBuffer() : new RingBuffer(capacity);
    }

    /**
     * Reserves one place: its ticket (0 or more) if there was room and the buffer was not
     * closed, else {@link #NO_TICKET}. The caller must then {@link #put} exactly one element
     * with that ticket. Without the channel lock it may also fail while a refill holds a
     * tentative place; the caller then takes the lock.
     */
    abstract long tryReserve();

    /**
     * Reserves one place under the channel's lock, as {@link #tryReserve} does, but so that no
     * receive counts on it until {@link #putTentative}; or {@link #unreserve} gives it back.
     */
    abstract long tryReserveTentatively();

    /** Gives back a tentative reservation that found no element to put (under the lock). */
    abstract void unreserve();

    /** Stores the element of a reservation. Never fails. */
    abstract void put(long ticket, Object value);

    /** Stores the element of a tentative reservation, which receivers may then claim. */
    abstract void putTentative(long ticket, Object value);

    /**
     * Takes the head element, which binds it to the caller and frees its place. Waits out a
     * send in flight, so returns null only once nothing is buffered and nothing is in flight
     * (a tentative place counts as nothing). For receivers without the channel lock, which
     * pause {@code pausesPerLook} spin hints before each new look at a send in flight (the
     * channel's {@link WaitPolicy} says how many).
     */
    abstract Object poll(int pausesPerLook);

    /** {@link #poll} for a caller that holds the channel lock: no longer a wait than needed. */
    abstract Object pollUnderLock();

    /**
     * Elements sent and not yet claimed (buffered, or a send in flight), 0 to {@link #capacity}:
     * exact at an instant during the call.
     */
    abstract int count();

    /** True if a reservation would find room now (ignoring closure). */
    abstract boolean hasRoom();

    /** Refuses all later reservations (only under the channel's lock, once). */
    abstract void close();
}
