package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A thread's registration on one channel's wait queue: a blocked send (with the element it
 * offers) or a blocked receive (with room for the element it gets), Go's {@code sudog}.
 *
 * <p>A plain send or receive is its own {@link Decision}; each case of a select has its own
 * {@link SelectWaiter}, all sharing the select's decision. Links are guarded by the lock of the
 * channel whose queue holds the waiter; {@link #result} is written by the matcher before it
 * decides, and read by the owner after. A plain waiter carries nothing else, because a hundred
 * thousand of them may be parked at once.
 */
class Waiter extends Decision {
    private static final VarHandle RESULT;

    static {
        try {
            RESULT = MethodHandles.lookup().findVarHandle(Waiter.class, "result", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The element a sender offers; null for a receiver. */
    final Object offered;
    /**
     * For a receiver, the element handed to it; for either kind, {@link ChannelImpl#CLOSED} if
     * it was woken by {@code close}. Written before the decision, except that a buffered
     * channel's matcher may decide a receiver with {@link ChannelImpl#PENDING} here and
     * {@link #publishResult publish} the element just after; {@link #awaitResult} waits for it.
     */
    Object result;
    /** Links in a {@link WaitQueue}, guarded by the channel's lock; null while not queued. */
    Waiter prev;
    Waiter next;

    /** A plain blocked operation: a sender if {@code offered} is not null, else a receiver. */
    Waiter(Object offered) {
        this.offered = offered;
    }

    /** Replaces {@link ChannelImpl#PENDING} by the final result, for {@link #awaitResult}. */
    final void publishResult(Object r) {
        RESULT.setRelease(this, r);
    }

    /**
     * The result, once decided. A matcher that decided with {@link ChannelImpl#PENDING} holds
     * the channel lock and is a few instructions from publishing, so this spins.
     */
    final Object awaitResult() {
        Object r;
        while ((r = RESULT.getAcquire(this)) == ChannelImpl.PENDING) {
            Thread.onSpinWait();
        }
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
