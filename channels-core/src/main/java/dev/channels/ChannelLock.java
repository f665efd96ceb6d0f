package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A channel's control word, {@link #ctl}: the mutex each channel holds while it touches its wait
 * queues (one bit, so that it costs a channel 8 bytes; AQS, which it replaced, cost 16 more),
 * and the channel's flags. Contended threads park, so a virtual thread unmounts instead of
 * pinning as {@code synchronized} would on Java 21. Critical sections are short and never block
 * or run user code. Not reentrant, not fair.
 *
 * <h2>State</h2>
 *
 * <ul>
 *   <li>{@link #ctl}: bit {@link #LOCKED} is the lock; the other bits are the channel's flags,
 *       which only the holder writes (one exception: {@link WaitPolicy#matchedWithoutLock}
 *       CASes a flag in from an unlocked value, as a locker would). A thread that wants the
 *       lock only ever CASes it from a value without {@code LOCKED}, which fails while the lock
 *       is held: so the holder is the only writer of the word and may write it with plain
 *       volatile stores, the release included.
 *   <li>{@link #lockWaiters}: a Treiber stack of the threads parked on the lock, each a
 *       {@link Parked} node used once. Anyone may pop: a node is never pushed twice, so a popped
 *       node cannot come back and the CAS on the top cannot be fooled (no ABA).
 * </ul>
 *
 * <h2>Algorithm</h2>
 *
 * <ul>
 *   <li>{@code lock}: CAS {@code LOCKED} in (first on a guess of the flags, see {@link #lock}).
 *       Failing that, spin a while (critical sections take
 *       tens of nanoseconds; a park and unpark, microseconds), then push a node, look at the
 *       lock again, and park until woken, and start over.
 *   <li>{@code unlock}: clear {@code LOCKED}, then, if the stack is not empty, pop one node and
 *       wake its thread, which competes for the lock again (a running thread may take it first).
 * </ul>
 * No wake-up is lost. The unlocker writes {@code ctl}, then reads the stack; a waiter writes the
 * stack (its push), then reads {@code ctl}. Both are volatile, so one of them sees the other:
 * either the unlocker sees the node and wakes one, or the waiter sees the lock free and wakes one
 * itself (perhaps itself). Every woken thread either takes the lock, and will wake one more when
 * it releases it, or finds it taken by a thread that will. The stack makes the wake-up order
 * last-in first-out, which favours the thread whose data is still in cache; like Go's runtime
 * lock, the lock promises no order.
 */
abstract class ChannelLock {
    /** The lock bit of {@link #ctl}; the channel's flags use the others. */
    static final int LOCKED = 1;
    /** The channel is closed (set once, under the lock, with the buffer's own closure). */
    static final int CLOSED_BIT = 2;
    /** Receivers are queued: a lock-free send must take the lock to serve them. */
    static final int RECV_WAITING = 4;
    /** Senders are queued: a lock-free receive must take the lock to refill from them. */
    static final int SEND_WAITING = 8;
    /** A parked waiter of this channel has been matched: its waiters may wait before parking. */
    static final int WARM = 16;
    /** Two receivers of this buffered channel have waited at once. */
    static final int SHARED_BY_RECEIVERS = 32;
    /** The flags that send a lock-free operation to the lock. */
    static final int NOT_FAST = CLOSED_BIT | RECV_WAITING | SEND_WAITING;
    /** What {@code ctl} most often holds when the lock is free: a warm channel, nobody waiting. */
    private static final int USUAL_FLAGS = WARM;

    /** The {@link #ctl} word, for the channel's flag writes (made by the lock holder only). */
    static final VarHandle CTL;
    private static final VarHandle LOCK_WAITERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CTL = l.findVarHandle(ChannelLock.class, "ctl", int.class);
            LOCK_WAITERS = l.findVarHandle(ChannelLock.class, "lockWaiters", Parked.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Spins while the lock is held before parking on it: critical sections are a few dozen
     * nanoseconds, a park and unpark of a virtual thread costs far more.
     */
    private static final int SPINS = 100;

    /** {@link #LOCKED}, and the channel's flags. */
    volatile int ctl;
    /** Top of the stack of threads parked on the lock; null if none. */
    private volatile Parked lockWaiters;

    /** A thread parked on the lock; pushed once, popped once, and then woken. */
    private static final class Parked {
        final Thread thread = Thread.currentThread();
        Parked next;
        volatile boolean woken;
    }

    final void lock() {
        // The first CAS expects the usual flags instead of reading the word first: a read and
        // then a write would fetch the cache line twice (shared, then exclusive) when the other
        // core has it, which is the common case of a hand-off. A failed CAS has fetched the line
        // for writing, so the second, on the value it returned, is local.
        int s = (int) CTL.compareAndExchange(this, USUAL_FLAGS, USUAL_FLAGS | LOCKED);
        if (s != USUAL_FLAGS && ((s & LOCKED) != 0 || !CTL.compareAndSet(this, s, s | LOCKED))) {
            lockContended();
        }
    }

    final void unlock() {
        CTL.setVolatile(this, ctl & ~LOCKED);
        if (lockWaiters != null) {
            wakeOne();
        }
    }

    private void lockContended() {
        boolean interrupted = false;
        int spins = SPINS;
        for (;;) {
            int s = ctl;
            if ((s & LOCKED) == 0) {
                if (CTL.compareAndSet(this, s, s | LOCKED)) {
                    break;
                }
            } else if (spins > 0) {
                spins--;
                Thread.onSpinWait();
            } else {
                Parked node = new Parked();
                Parked top;
                do {
                    top = lockWaiters;
                    node.next = top;
                } while (!LOCK_WAITERS.compareAndSet(this, top, node));
                if ((ctl & LOCKED) == 0) {
                    wakeOne(); // released before it could see the node: wake one, perhaps this one
                }
                while (!node.woken) {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        interrupted = true; // the lock is not interruptible: keep it for later
                    }
                }
                spins = SPINS;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Under the lock: raises {@code flag} in {@code ctl} if it is not up yet. */
    final void setFlagLocked(int flag) {
        int s = ctl;
        if ((s & flag) == 0) {
            CTL.setVolatile(this, s | flag);
        }
    }

    /** Under the lock: lowers the flags {@code flags} in {@code ctl} if any is up. */
    final void clearFlagsLocked(int flags) {
        int s = ctl;
        if ((s & flags) != 0) {
            CTL.setVolatile(this, s & ~flags);
        }
    }

    /** Pops one parked thread, if any, and wakes it. */
    private void wakeOne() {
        for (Parked top; (top = lockWaiters) != null; ) {
            if (LOCK_WAITERS.compareAndSet(this, top, top.next)) {
                top.woken = true;
                LockSupport.unpark(top.thread);
                return;
            }
        }
    }
}
