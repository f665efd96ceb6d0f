package dev.channels;

/**
 * A thread's registration on one channel's wait queue: a blocked send (with the element it
 * offers) or a blocked receive (with room for the element it gets), Go's {@code sudog}.
 *
 * <p>A plain send or receive is its own {@link Decision}; each case of a select has its own
 * waiter, all sharing the select's decision, told apart by {@link #caseIndex}. Links are guarded
 * by the lock of the channel whose queue holds the waiter; {@link #result} is written by the
 * matcher before it decides, and read by the owner after.
 */
final class Waiter extends Decision {
    /** Decided by whoever matches this waiter: itself, or the select it belongs to. */
    final Decision decision;
    /** The case this waiter stands for in {@link #decision}; 0 for a plain operation. */
    final int caseIndex;
    /** The element a sender offers; null for a receiver. */
    final Object offered;
    /**
     * For a receiver, the element handed to it; for either kind, {@link ChannelImpl#CLOSED} if
     * it was woken by {@code close}.
     */
    Object result;
    Waiter prev;
    Waiter next;

    /** A plain blocked operation: a sender if {@code offered} is not null, else a receiver. */
    Waiter(Object offered) {
        this.decision = this;
        this.caseIndex = 0;
        this.offered = offered;
    }

    /** One case of a select. */
    Waiter(Decision decision, int caseIndex, Object offered) {
        this.decision = decision;
        this.caseIndex = caseIndex;
        this.offered = offered;
    }

    /** Takes this waiter's operation: true if it was still waiting, and is now decided for us. */
    boolean tryClaim() {
        return decision.tryDecide(caseIndex);
    }

    /** Unparks the thread that waits on this waiter's decision. */
    void wakeOwner() {
        decision.wake();
    }
}
