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
 * An interrupt does not end the wait (the operation in flight will finish), but it must not
 * turn the parks into a spin either: an interrupted thread's park returns at once, and setting
 * the status again after each park makes the next one return at once as well (on a virtual
 * thread, interrupting it also gives it a park permit). Two interrupted waiters then held both
 * carriers of a 2-core machine, spinning, while the thread they waited for never ran again
 * ({@code StressTest.randomInterrupts}, hung in CI). So the first park takes the interrupt
 * status into the wait's counter ({@link #INTERRUPTED}), and {@link #done} gives it back once
 * the wait is over: every loop over {@link #pause} ends with {@code done}.
 */
final class InFlight {
    /** Spins before the first yield of a wait that keeps failing (953ddca). */
    static final int SPINS_BEFORE_YIELD = 64;
    /** Yields before the first park. */
    static final int YIELDS = 8;
    static final long MIN_PARK_NANOS = 1_000L;
    static final long MAX_PARK_NANOS = 1_000_000L;
    /** In a wait's counter: a park of this wait cleared the caller's interrupt status. */
    static final int INTERRUPTED = 1 << 30;

    private InFlight() {
    }

    /**
     * One step of waiting: {@code pauses} spin-wait hints while the count is below
     * {@code yieldAfter}, then a yield or a park as the class comment says. Start with 0, pass
     * back what it returns, and hand the last value to {@link #done}.
     */
    static int pause(int waited, int pauses, int yieldAfter) {
        int interrupted = waited & INTERRUPTED;
        int count = waited & ~INTERRUPTED;
        if (count < yieldAfter) {
            for (int i = 0; i < pauses; i++) {
                Thread.onSpinWait();
            }
            return interrupted | (count + pauses);
        }
        int step = count - yieldAfter;
        if (step < YIELDS) {
            Thread.yield();
        } else {
            if (Thread.interrupted()) {
                interrupted = INTERRUPTED;            // kept until done(): see the class comment
            }
            LockSupport.parkNanos(InFlight.class, Math.min(MIN_PARK_NANOS << Math.min(step - YIELDS, 10), MAX_PARK_NANOS));
        }
        return interrupted | (count < INTERRUPTED - 1 ? count + 1 : count);
    }

    /** Ends a wait of {@link #pause}: sets the interrupt status again if a park took it. */
    static void done(int waited) {
        if ((waited & INTERRUPTED) != 0) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #pause} with one hint per step and the usual spin count. */
    static int pause(int waited) {
        return pause(waited, 1, SPINS_BEFORE_YIELD);
    }
}
