package dev.channels;

import java.util.concurrent.locks.LockSupport;

/**
 * Waiting out another thread's operation in flight: a few instructions of a thread that has
 * taken a step (a ticket, a claimed waiter) and will finish it without waiting for anyone, such
 * as a send between its reservation and its put, or a receive between its claim and its take.
 * The waiter has no queue node and nobody will wake it, so it looks again and again, and the
 * question is only how it passes the time between looks:
 *
 * <ol>
 *   <li>spin-wait hints, while the other thread is most likely running on another core;
 *   <li>then a few yields, as an operation still in flight by then belongs to a thread that
 *       is not running;
 *   <li>then short parks, doubling from {@link #MIN_PARK_NANOS} to {@link #MAX_PARK_NANOS}.
 *       Yields alone are not enough on virtual threads: the JDK's scheduler puts a yielding
 *       virtual thread back on its carrier's own queue when that queue is not empty, so two
 *       threads waiting in turn on one carrier run each other forever while the thread they
 *       wait for sits in another queue (seen in {@code StressTest.randomInterrupts}, where a
 *       receive between its claim and its take was never run again). A parked thread leaves
 *       the run queues, so the one in flight gets a carrier.
 * </ol>
 *
 * A park keeps the caller's interrupt status: it is cleared for the park (else the park would
 * return at once, and the wait would spin) and set again after.
 */
final class InFlight {
    /** Spins before the first yield of a wait that keeps failing (953ddca). */
    static final int SPINS_BEFORE_YIELD = 64;
    /** Yields before the first park. */
    static final int YIELDS = 8;
    static final long MIN_PARK_NANOS = 1_000L;
    static final long MAX_PARK_NANOS = 1_000_000L;

    private InFlight() {
    }

    /**
     * One step of waiting: {@code pauses} spin-wait hints while {@code waited} is below
     * {@code yieldAfter}, then a yield or a park as the class comment says. Start with 0 and
     * pass back what it returns.
     */
    static int pause(int waited, int pauses, int yieldAfter) {
        if (waited < yieldAfter) {
            for (int i = 0; i < pauses; i++) {
                Thread.onSpinWait();
            }
            return waited + pauses;
        }
        int step = waited - yieldAfter;
        if (step < YIELDS) {
            Thread.yield();
        } else {
            park(MIN_PARK_NANOS << Math.min(step - YIELDS, 10));
        }
        return step < Integer.MAX_VALUE - yieldAfter - 1 ? waited + 1 : waited;
    }

    /** {@link #pause} with one hint per step and the usual spin count. */
    static int pause(int waited) {
        return pause(waited, 1, SPINS_BEFORE_YIELD);
    }

    private static void park(long nanos) {
        boolean interrupted = Thread.interrupted();
        LockSupport.parkNanos(InFlight.class, Math.min(nanos, MAX_PARK_NANOS));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
