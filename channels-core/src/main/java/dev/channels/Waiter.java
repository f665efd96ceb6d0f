package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A blocked send (with the element it offers) or a blocked receive (with room for the element it
 * gets), Go's {@code sudog}: as it waits in an unbuffered channel's slot, with no links; a
 * {@link QueuedWaiter} when it waits in a channel's queue.
 *
 * <p>A plain send or receive is its own {@link Decision}; each case of a select has its own
 * {@link SelectWaiter}, all sharing the select's decision. {@link #item} is written by the
 * matcher before it decides, and read by the owner after. A waiter carries nothing else,
 * because a hundred thousand of them may be parked at once: with the decision's owner and state
 * it is 24 bytes (32 with a queue's links).
 */
class Waiter extends Decision {
    /**
     * The result of an operation that met the channel's closure: stored by {@code close} in the
     * waiters it wakes, and returned by the channel's receive paths on a closed, drained channel.
     */
    static final Object CLOSED = marker("CLOSED");

    /**
     * A receiver's result while its matcher, which has already decided it, is still taking the
     * element out of the buffer for it; see {@link #awaitResult}.
     */
    static final Object PENDING = marker("PENDING");

    /**
     * A receiver's result when its matcher found the buffer emptied by a receive that did not
     * wait (a barging receive): the receiver was woken for nothing and must try again.
     */
    static final Object RETRY = marker("RETRY");

    private static Object marker(String name) {
        return new Object() {
            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static final VarHandle ITEM;

    static {
        try {
            ITEM = MethodHandles.lookup().findVarHandle(Waiter.class, "item", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One field for both directions. A sender's: the element it offers, never null, which stays
     * there while it is queued and is replaced only by {@link #CLOSED} if {@code close}
     * wakes it. A receiver's: null while it is queued; then the element handed to it, or
     * {@code CLOSED}. A buffered channel's matcher may decide a receiver with
     * {@link #PENDING} here and {@link #publishResult publish} the element just after;
     * {@link #awaitResult} waits for it. So, while a waiter is queued (or in an unbuffered
     * channel's slot), a non-null item means a sender: a receiver's is written only by the
     * matcher, after unlinking it under the channel lock or taking it out of the slot.
     */
    Object item;

    /** A plain blocked operation: a sender offering {@code offered} if not null, else a receiver. */
    Waiter(Object offered) {
        this.item = offered;
    }

    /** True if this waiter is queued as a sender; only meaningful while it is queued. */
    final boolean isSender() {
        return item != null;
    }

    /** Replaces {@link #PENDING} by the final result, for {@link #awaitResult}. */
    final void publishResult(Object r) {
        ITEM.setRelease(this, r);
    }

    /**
     * The result, once decided. A matcher that decided with {@link #PENDING} holds the channel
     * lock and is a few instructions from publishing (it may wait out a send in flight first),
     * so this waits it out as {@link InFlight} does.
     */
    final Object awaitResult() {
        Object r;
        int waited = 0;
        while ((r = ITEM.getAcquire(this)) == PENDING) {
            waited = InFlight.pause(waited);
        }
        InFlight.done(waited);
        return r;
    }

    /** Takes this waiter's operation: true if it was still waiting, and is now decided for us. */
    boolean tryClaim() {
        return tryDecide(0);
    }

    /** True while this waiter can still be matched. */
    boolean isLive() {
        return isWaiting();
    }

    /** Unparks the thread that waits on this waiter's decision. */
    void wakeOwner() {
        wake();
    }
}
