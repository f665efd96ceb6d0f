package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The outcome of one blocked operation, decided exactly once.
 *
 * <p>A thread that must block publishes one or more {@link Waiter}s on channel wait queues, all
 * pointing at one {@code Decision} (a plain send or receive is its own decision; a select shares
 * one among its cases), and parks until the decision is made. The state moves once, by CAS,
 * from {@link #WAITING} to either a case index ({@code >= 0}, set by the matching thread, which
 * then unparks the owner) or {@link #CANCELLED} (set by the owner itself on interrupt or time
 * out). Because both sides race through the same CAS, an operation either completes or is
 * withdrawn, never both: this is what makes interrupts leave the channel "as if the call never
 * happened" and what lets exactly one case of a select take effect.
 *
 * <p>The matcher writes the waiter's {@code result} before its CAS; the owner reads it after
 * seeing the decided state, so the volatile state orders the hand-off.
 */
class Decision {
    /** Not decided yet. */
    static final int WAITING = -1;
    /** Withdrawn by its owner. */
    static final int CANCELLED = -2;
    /** {@link #await} result: the deadline passed and the decision was cancelled. */
    static final int TIMED_OUT = -3;
    /** {@link #await} result: the owner was interrupted and the decision was cancelled. */
    static final int INTERRUPTED = -4;

    private static final VarHandle STATE;
    private static final VarHandle PARKING;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Decision.class, "state", int.class);
            PARKING = MethodHandles.lookup().findVarHandle(Decision.class, "parking", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The thread that parks on this decision. */
    final Thread owner = Thread.currentThread();
    private volatile int state = WAITING;
    /**
     * Set by the owner once it stops spinning and may park. The matcher unparks only if it sees
     * this set after its decision CAS; the owner re-reads the state after setting it. Both are
     * volatile accesses, so one of the two always sees the other: no lost wake-up, and no
     * needless unpark (and stray permit) for an owner that was still spinning.
     */
    private volatile boolean parking;

    /** Called by a matcher: decides for case {@code caseIndex}; false if already decided or cancelled. */
    final boolean tryDecide(int caseIndex) {
        return STATE.compareAndSet(this, WAITING, caseIndex);
    }

    /** True while nobody has decided or cancelled. */
    final boolean isWaiting() {
        return state == WAITING;
    }

    /** Wakes the owner once the decision is made, if it may be parked. */
    final void wake() {
        if (parking) {
            LockSupport.unpark(owner);
        }
    }

    /**
     * Parks the owner until the decision is made, or withdraws it on interrupt or at the
     * deadline. First spins up to {@code spins} times: when the peer is running on another
     * carrier, its answer often comes within a few hundred nanoseconds, far sooner than a park
     * and unpark round trip. The caller passes 0 where no answer is likely soon, because a spin
     * also delays whatever else is queued on this carrier (the peer itself, perhaps).
     *
     * @param timed whether {@code deadline} applies
     * @param deadline the {@link System#nanoTime()} at which to give up, if timed
     * @param spins how many times to spin before parking
     * @return the decided case index, or {@link #TIMED_OUT} or {@link #INTERRUPTED} if the owner
     *         withdrew first (the interrupt flag is then cleared); if a match wins the race with
     *         an interrupt, the index is returned and the interrupt flag is set again
     */
    final int await(boolean timed, long deadline, int spins) {
        for (int i = 0; i < spins && state == WAITING; i++) {
            Thread.onSpinWait();
        }
        PARKING.setVolatile(this, true);
        int s = state;
        if (s != WAITING) {
            return s;
        }
        for (;;) {
            if (Thread.interrupted()) {
                if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
                    return INTERRUPTED;
                }
                Thread.currentThread().interrupt(); // the match came first: keep the interrupt
                return state;
            }
            if (timed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0L) {
                    return STATE.compareAndSet(this, WAITING, CANCELLED) ? TIMED_OUT : state;
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
            // Its own branch, not the check before the loop. While many threads park and none
            // has woken yet, that check has only ever seen WAITING, and C2 compiles its other
            // side as a trap: every parked frame would then be deoptimized when it wakes (a
            // million parked receivers took 8 s to release instead of 1). This branch has no
            // profile until threads wake, so it is compiled with both sides.
            s = state;
            if (s != WAITING) {
                return s;
            }
        }
    }
}
