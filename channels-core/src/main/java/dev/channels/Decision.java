package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The outcome of one blocked operation, decided exactly once.
 *
 * <p>A thread that must block publishes one or more {@link Waiter}s on channel wait queues (or
 * one in an unbuffered channel's slot), all pointing at one {@code Decision} (a plain send or
 * receive is its own decision; a select shares one among its cases), and parks until the
 * decision is made. The state is one {@code int}:
 * <ul>
 *   <li>{@link #WAITING}: undecided, and the owner is still spinning, so a matcher need not
 *       unpark it;
 *   <li>{@link #PARKING}: undecided, and the owner has stopped spinning and may be parked;
 *   <li>a case index ({@code >= 0}), set by the matching thread, with {@link #UNPARK} added if
 *       the state was {@code PARKING}: the matcher then unparks the owner;
 *   <li>{@link #CANCELLED}, set by the owner itself on interrupt or time out.
 * </ul>
 * Every transition is a CAS on that one word. Because a matcher and a withdrawing owner race
 * through it, an operation either completes or is withdrawn, never both: this is what makes
 * interrupts leave the channel "as if the call never happened" and what lets exactly one case of
 * a select take effect. And because the owner announces that it may park by the same CAS
 * ({@code WAITING} to {@code PARKING}) that a matcher must see to decide, a matcher either
 * decides first (the owner's CAS fails and it does not park) or sees {@code PARKING} and unparks:
 * no lost wake-up, and no needless unpark (and stray permit) for an owner that was spinning.
 * Folding that flag into the state, rather than a field of its own, keeps a waiter at 24 bytes
 * (32 with a queue's links).
 *
 * <p>The matcher writes the waiter's element before its CAS; the owner reads it after seeing the
 * decided state, so the volatile state orders the hand-off.
 */
class Decision {
    /** Not decided yet; the owner is spinning. */
    static final int WAITING = -1;
    /** Not decided yet; the owner may be parked. */
    static final int PARKING = -2;
    /** Withdrawn by its owner. */
    static final int CANCELLED = -3;
    /** {@link #await} result: the deadline passed and the decision was cancelled. */
    static final int TIMED_OUT = -4;
    /** {@link #await} result: the owner was interrupted and the decision was cancelled. */
    static final int INTERRUPTED = -5;
    /** Added to a decided case index when the owner may be parked: the matcher must unpark it. */
    private static final int UNPARK = 1 << 30;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Decision.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The thread that parks on this decision. */
    final Thread owner = Thread.currentThread();
    private volatile int state;

    /**
     * An undecided decision of the current thread. The first state is written plainly: a
     * volatile initializer would cost a full fence on every wait, and none is needed, because a
     * decision only ever reaches a matcher through a waiter queued under a channel lock, whose
     * release publishes it, or placed in an unbuffered channel's slot by a CAS, which does too.
     */
    Decision() {
        STATE.set(this, WAITING);
    }

    /** Called by a matcher: decides for case {@code caseIndex}; false if already decided or cancelled. */
    final boolean tryDecide(int caseIndex) {
        // The first CAS expects a spinning owner, the usual state of a hand-off, rather than
        // reading the state first: a read and then a CAS would fetch the owner's cache line
        // twice. A failed CAS has fetched it for writing, so the retries are local.
        int s = (int) STATE.compareAndExchange(this, WAITING, caseIndex);
        if (s == WAITING) {
            return true;
        }
        while (s == WAITING || s == PARKING) {
            int witness = (int) STATE.compareAndExchange(this, s, s == WAITING ? caseIndex : caseIndex | UNPARK);
            if (witness == s) {
                return true;
            }
            s = witness; // the owner moved from spinning to parking, or it was decided or cancelled
        }
        return false;
    }

    /** True while nobody has decided or cancelled. */
    final boolean isWaiting() {
        int s = state;
        return s == WAITING || s == PARKING;
    }

    /** Called by the matcher after its {@link #tryDecide}: wakes the owner if it may be parked. */
    final void wake() {
        if ((state & UNPARK) != 0) {
            LockSupport.unpark(owner);
        }
    }

    /**
     * After {@link #await} returned: true if the owner had stopped spinning and gone to park
     * (or withdrew) before the decision came.
     */
    final boolean wentToPark() {
        int s = state;
        return s < 0 || (s & UNPARK) != 0;
    }

    /** The case index of a decided state. */
    private static int caseOf(int decided) {
        return decided & ~UNPARK;
    }

    /**
     * Parks the owner until the decision is made, or withdraws it on interrupt or at the
     * deadline. First spins up to {@code spins} times: when the peer is running on another
     * carrier, its answer often comes within a few hundred nanoseconds, far sooner than a park
     * and unpark round trip. The caller passes 0 where no answer is likely soon, because a spin
     * also delays whatever else is queued on this carrier (the peer itself, perhaps).
     *
     * <p>It parks with {@code on} (the channel, the select) as the blocker, so that thread dumps
     * and {@link LockSupport#getBlocker} show it, and tells {@link Blocking} (diagnostics, a
     * bubble, JFR) before and after.
     *
     * @param timed whether {@code deadline} applies
     * @param deadline the {@link Timers#nanoTime()} at which to give up, if timed
     * @param spins how many times to spin before parking
     * @param kind what the owner waits for, for diagnostics
     * @param on what it waits on: the park's blocker
     * @return the decided case index, or {@link #TIMED_OUT} or {@link #INTERRUPTED} if the owner
     *         withdrew first (the interrupt flag is then cleared); if a match wins the race with
     *         an interrupt, the index is returned and the interrupt flag is set again
     */
    final int await(boolean timed, long deadline, int spins, WaitKind kind, Object on) {
        int s;
        for (int i = 0; i < spins; i++) {
            // Only the owner leaves WAITING other than by a decision, so any other state seen
            // here is decided: return it without the CAS below, which would take the line back
            // from the matcher for nothing.
            if ((s = state) != WAITING) {
                return caseOf(s);
            }
            Thread.onSpinWait();
        }
        s = (int) STATE.compareAndExchange(this, WAITING, PARKING);
        if (s != WAITING) {
            return caseOf(s); // decided while spinning (only the owner cancels)
        }
        // One frame from here to the park, not a helper: a parked virtual thread keeps its
        // frames on the heap (see ChannelImpl's handles).
        Blocking.Entry watched = Blocking.enter(kind, on);
        try {
            for (;;) {
                if (Thread.interrupted()) {
                    s = (int) STATE.compareAndExchange(this, PARKING, CANCELLED);
                    if (s == PARKING) {
                        return INTERRUPTED;
                    }
                    Thread.currentThread().interrupt(); // the match came first: keep the interrupt
                    return caseOf(s);
                }
                if (timed) {
                    long remaining = deadline - Timers.nanoTime();
                    if (remaining <= 0L) {
                        s = (int) STATE.compareAndExchange(this, PARKING, CANCELLED);
                        return s == PARKING ? TIMED_OUT : caseOf(s);
                    }
                    Blocking.parkNanos(on, remaining, watched);
                } else {
                    LockSupport.park(on);
                }
                // Its own branch, not the check before the loop. While many threads park and
                // none has woken yet, that check has only ever seen WAITING, and C2 compiles its
                // other side as a trap: every parked frame would then be deoptimized when it
                // wakes (a million parked receivers took 8 s to release instead of 1). This
                // branch has no profile until threads wake, so it is compiled with both sides.
                s = state;
                if (s != PARKING) {
                    return caseOf(s);
                }
            }
        } finally {
            Blocking.exit(watched);
        }
    }
}
