package dev.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Synctest} bubble: its goroutines, its fake clock and timers, and the coordinator that
 * moves time on, Go's {@code synctest} bubble.
 *
 * <h2>Invariants</h2>
 *
 * <ol>
 *   <li>A member is a goroutine started, through {@link Goroutines}, by a member or by a timer
 *       of the bubble; {@code memberCount} counts those that have not ended, each counted before
 *       it starts, so the count is never low.
 *   <li>{@code blockedCount} counts the members inside a durable park ({@link Blocking}); every
 *       change of either count also bumps {@code version}.
 *   <li>The fake clock moves only in {@link #advance}, which the coordinator calls only when
 *       every member is durably blocked, and then only to the earliest pending timer.
 * </ol>
 *
 * <h2>Why the coordinator looks again</h2>
 *
 * A member counts itself blocked just before it parks and unblocked once it runs again, so a
 * member that was unparked but has not run yet still counts as blocked. So the counts only say
 * when to look: the coordinator then checks that every member is parked ({@code WAITING} or
 * {@code TIMED_WAITING}) inside a durable park of this bubble, and that {@code version} did not
 * move during the check. A member that woke another during the check has run, so it bumped the
 * version; one woken but not yet run is {@code RUNNABLE}. Only then is the bubble idle: no
 * member can run until time moves or someone outside the bubble acts.
 *
 * <p>A root that failed stops the bubble rather than letting time move on: its failure is
 * recorded before its end bumps {@code version}, so a look that no longer counts the root also
 * sees the failure.
 *
 * <p>A member blocked on anything else (I/O, a JDK lock, {@link Thread#sleep}) is not durably
 * blocked: the bubble waits for it, as Go's does.
 */
final class Bubble {
    private static final ThreadLocal<Bubble> CURRENT = new ThreadLocal<>();

    /** Where a bubble's clock starts, as Go's: midnight UTC, 2000-01-01. */
    static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    /** How long the coordinator parks between looks, in real time, when not woken sooner. */
    private static final long POLL_NANOS = 200_000L;

    private final Thread coordinator;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<FakeTimer> timers = new PriorityQueue<>();   // guarded by lock
    private long sequence;                                                    // guarded by lock
    private volatile long now;                                                // fake nanos since EPOCH
    private final Set<Thread> members = ConcurrentHashMap.newKeySet();
    private final AtomicInteger memberCount = new AtomicInteger();
    private final AtomicInteger blockedCount = new AtomicInteger();
    private final AtomicLong version = new AtomicLong();
    private volatile Thread awaiter;
    private volatile boolean awaitReleased;
    private final AtomicReference<Throwable> rootFailure = new AtomicReference<>();
    private final AtomicReference<Throwable> otherFailure = new AtomicReference<>();
    private volatile Thread root;

    /** A timer of the fake clock. */
    private record FakeTimer(long deadline, long order, Runnable task) implements Comparable<FakeTimer> {
        @Override
        public int compareTo(FakeTimer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    Bubble(Thread coordinator) {
        this.coordinator = coordinator;
    }

    /** The bubble of the current thread: a member's, or the coordinator's while it runs timers. */
    static Bubble current() {
        return CURRENT.get();
    }

    long nanoTime() {
        return now;
    }

    Instant instant() {
        return EPOCH.plusNanos(now);
    }

    // ---------------------------------------------------------------- members

    /** Starts the root goroutine: its failure is what {@link Synctest#run} rethrows. */
    void startRoot(Goroutine body) {
        start(body, true);
    }

    /** Starts {@code body} as a member (invariant 1). */
    Thread start(Goroutine body) {
        return start(body, false);
    }

    private Thread start(Goroutine body, boolean isRoot) {
        Thread t = Thread.ofVirtual().unstarted(() -> runMember(body));
        if (isRoot) {
            root = t;                                 // before it runs: it compares itself to root
        }
        memberCount.incrementAndGet();
        members.add(t);
        version.incrementAndGet();
        try {
            t.start();
        } catch (Throwable e) {
            ended(t);
            throw e;
        }
        return t;
    }

    private void runMember(Goroutine body) {
        CURRENT.set(this);
        Thread me = Thread.currentThread();
        try {
            body.run();
        } catch (InterruptedException e) {
            if (me == root) {
                rootFailure.compareAndSet(null, e);
            }
        } catch (Throwable e) {
            (me == root ? rootFailure : otherFailure).compareAndSet(null, e);
        } finally {
            ended(me);
        }
    }

    private void ended(Thread t) {
        members.remove(t);
        memberCount.decrementAndGet();
        version.incrementAndGet();
        LockSupport.unpark(coordinator);
    }

    /** A member entered ({@code true}) or left a durable park (invariant 2). */
    void blocked(boolean entering) {
        int b = entering ? blockedCount.incrementAndGet() : blockedCount.decrementAndGet();
        version.incrementAndGet();
        if (entering && b >= memberCount.get() - 1) {
            LockSupport.unpark(coordinator);      // maybe idle (or idle but for an awaiter)
        }
    }

    // ---------------------------------------------------------------- the fake clock

    /** Schedules {@code task} on the fake clock, {@code delayNanos} from now. */
    Timers.Handle schedule(Runnable task, long delayNanos) {
        FakeTimer t;
        lock.lock();
        try {
            t = new FakeTimer(now + Math.max(0L, delayNanos), sequence++, task);
            timers.add(t);
        } finally {
            lock.unlock();
        }
        return () -> {
            lock.lock();
            try {
                timers.remove(t);
            } finally {
                lock.unlock();
            }
        };
    }

    /** A timed park of a member: until unparked, or until the fake clock has moved {@code nanos}. */
    void parkNanos(Object on, long nanos) {
        Thread me = Thread.currentThread();
        Timers.Handle wake = schedule(() -> LockSupport.unpark(me), nanos);
        try {
            LockSupport.park(on);
        } finally {
            wake.cancel();
        }
    }

    /**
     * Moves the clock to the earliest pending timer and runs every timer due then, on the
     * coordinator, as if in the bubble. False if no timer is pending.
     */
    private boolean advance() {
        List<FakeTimer> due = new ArrayList<>();
        lock.lock();
        try {
            FakeTimer first = timers.peek();
            if (first == null) {
                return false;
            }
            if (first.deadline > now) {
                now = first.deadline;
            }
            while (!timers.isEmpty() && timers.peek().deadline <= now) {
                due.add(timers.poll());
            }
        } finally {
            lock.unlock();
        }
        CURRENT.set(this);
        try {
            for (FakeTimer t : due) {
                try {
                    t.task.run();
                } catch (Throwable e) {
                    otherFailure.compareAndSet(null, e);
                }
            }
        } finally {
            CURRENT.remove();
        }
        return true;
    }

    // ---------------------------------------------------------------- the coordinator

    /**
     * Runs on {@link Synctest#run}'s thread until every member has ended: moves time on while
     * all are durably blocked; releases a {@link Synctest#await} once all others are; and
     * returns the deadlock (then every member has been interrupted and has ended) if all are
     * blocked with no timer pending.
     */
    DeadlockException coordinate() throws InterruptedException {
        for (;;) {
            if (memberCount.get() == 0) {
                return null;
            }
            if (rootFailure.get() != null) {
                stopAll();                   // the test failed: the others would only run on
                return null;
            }
            if (Thread.interrupted()) {
                stopAll();
                throw new InterruptedException();
            }
            Thread w = awaiter;
            if (idle(w)) {
                if (w != null) {
                    awaiter = null;
                    awaitReleased = true;
                    LockSupport.unpark(w);
                    continue;
                }
                if (!advance()) {
                    DeadlockException deadlock = new DeadlockException(Diagnostics.deadlockReport(this));
                    stopAll();
                    return deadlock;
                }
                continue;
            }
            LockSupport.parkNanos(this, POLL_NANOS);
        }
    }

    /** See "Why the coordinator looks again". {@code except}: an awaiter, not counted. */
    private boolean idle(Thread except) {
        long v = version.get();
        if (rootFailure.get() != null) {
            return false;                    // set before the root's end bumped the version
        }
        int m = memberCount.get();
        if (blockedCount.get() < m - (except != null ? 1 : 0)) {
            return false;
        }
        for (Thread t : members) {
            if (t == except) {
                continue;
            }
            Blocking.Entry e = Blocking.BLOCKED.get(t);
            Thread.State s = t.getState();
            if (e == null || e.bubble != this || (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING)) {
                return false;
            }
        }
        return version.get() == v;
    }

    /** The members now, blocked ones with what they wait on: for the deadlock report. */
    List<Thread> members() {
        return new ArrayList<>(members);
    }

    /** Interrupts every member and waits (in real time, bounded) for them to end. */
    private void stopAll() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (memberCount.get() > 0 && System.nanoTime() - deadline < 0) {
            for (Thread t : members) {
                t.interrupt();
            }
            LockSupport.parkNanos(this, 1_000_000L);
        }
    }

    // ---------------------------------------------------------------- Synctest.await

    /** Blocks the calling member until every other member is durably blocked. */
    void awaitOthers() throws InterruptedException {
        Thread me = Thread.currentThread();
        if (awaiter != null) {
            throw new IllegalStateException("synctest.Wait called from multiple goroutines in the same bubble");
        }
        awaitReleased = false;
        awaiter = me;
        Blocking.Entry entry = new Blocking.Entry(me, WaitKind.SYNCTEST_AWAIT, this, now, null);
        Blocking.BLOCKED.put(me, entry);
        version.incrementAndGet();
        LockSupport.unpark(coordinator);
        try {
            while (!awaitReleased) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    awaiter = null;
                    throw new InterruptedException();
                }
            }
        } finally {
            Blocking.BLOCKED.remove(me, entry);
        }
    }

    // ---------------------------------------------------------------- outcome

    Throwable rootFailure() {
        return rootFailure.get();
    }

    Throwable otherFailure() {
        return otherFailure.get();
    }

    @Override
    public String toString() {
        return "Bubble[" + instant() + ", " + memberCount.get() + " goroutines, " + blockedCount.get() + " blocked]";
    }
}
