package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of goroutines to finish.
 *
 * <pre>{@code
 * // Go:                                  // Java:
 * var wg sync.WaitGroup                   WaitGroup wg = new WaitGroup();
 * for _, u := range urls {                for (String u : urls) {
 *     wg.Go(func() { fetch(u) })              wg.go(() -> fetch(u));
 * }                                       }
 * wg.Wait()                               wg.await();
 * }</pre>
 *
 * <p>As in Go: {@link #add} with a positive delta while the counter is zero must happen before
 * {@link #await}; a group may be reused once every {@code await} of the previous round returned;
 * a counter that would go negative is an error ({@code "sync: negative WaitGroup counter"}) and
 * leaves the counter unchanged. Calls to {@code done()} happen-before the {@code await} they
 * release returns.
 *
 * <h2>Algorithm</h2>
 *
 * A counter, and a Treiber stack of parked waiters. A waiter pushes its node and then re-reads
 * the counter; the thread that brings the counter to zero does so first and then takes the
 * whole stack, clears each node's thread and unparks it. Both orders are sequentially
 * consistent (volatile CAS), so either the waiter sees zero, or the releaser sees the waiter's
 * node: no lost wake-up.
 *
 * <p>A waiter that leaves without being released (interrupt, time out, or a zero it saw before
 * a releaser took its node) clears its node's thread and unlinks every such node from the stack,
 * retrying from the head whenever a race makes it unsure, as the JDK's {@code FutureTask} does
 * for its waiters. So a group awaited with short timeouts for ever holds no more nodes than it
 * has waiters at that moment.
 */
public final class WaitGroup {
    private static final VarHandle COUNT;
    private static final VarHandle WAITERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COUNT = l.findVarHandle(WaitGroup.class, "count", long.class);
            WAITERS = l.findVarHandle(WaitGroup.class, "waiters", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Node {
        /** The waiting thread; null once released, or once it left by itself. */
        volatile Thread thread = Thread.currentThread();
        Node next;
    }

    private volatile long count;
    private volatile Node waiters;

    /** Creates a group with a counter of zero. */
    public WaitGroup() {
    }

    /**
     * Adds {@code delta}, which may be negative, to the counter. When it reaches zero, every
     * thread blocked in {@link #await} is released.
     *
     * @param delta the amount to add
     * @throws IllegalStateException if the counter would become negative; it is then unchanged
     */
    public void add(int delta) {
        long c;
        long next;
        do {
            c = count;
            next = c + delta;
            if (next < 0) {
                throw new IllegalStateException("sync: negative WaitGroup counter");
            }
        } while (!COUNT.compareAndSet(this, c, next));
        if (next == 0 && delta != 0) {
            releaseWaiters();
        }
    }

    /**
     * Decrements the counter by one.
     *
     * @throws IllegalStateException if the counter is already zero
     */
    public void done() {
        add(-1);
    }

    /**
     * The current value of the counter, for monitoring.
     *
     * @return how many goroutines the group still waits for
     */
    public long count() {
        return count;
    }

    /**
     * Blocks until the counter is zero, Go's {@code wg.Wait()}.
     *
     * @throws InterruptedException if interrupted before or while waiting
     */
    public void await() throws InterruptedException {
        awaitUntil(false, 0L, WaitKind.WAIT_GROUP, this);
    }

    /**
     * Blocks until the counter is zero or {@code timeout} has passed.
     *
     * @param timeout the longest time to wait
     * @return true if the counter reached zero, false if the time ran out first
     * @throws InterruptedException if interrupted before or while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return awaitUntil(true, Deadlines.after(timeout), WaitKind.WAIT_GROUP, this);
    }

    /**
     * Go's {@code wg.Go(f)}: {@code add(1)}, runs {@code task} on a new goroutine (a virtual
     * thread), and calls {@link #done()} when it ends, even if it throws. An exception then goes
     * to the thread's uncaught-exception handler, except {@link InterruptedException}, which
     * just ends the goroutine (as {@link Channels#go} does). The task may block and throw:
     *
     * <pre>{@code
     * wg.go(() -> results.send(fetch(url)));    // wg.Go(func() { results <- fetch(url) })
     * }</pre>
     *
     * @param task the work
     * @throws NullPointerException if {@code task} is null
     */
    public void go(Goroutine task) {
        Objects.requireNonNull(task, "task");
        add(1);
        try {
            Goroutines.start(() -> {
                try {
                    task.run();
                } finally {
                    done();
                }
            });
        } catch (Throwable e) {
            done(); // the thread never started
            throw e;
        }
    }

    /** {@link #await()} for an {@link ErrGroup}: a dump then says so, and shows the group. */
    void await(WaitKind kind, Object on) throws InterruptedException {
        awaitUntil(false, 0L, kind, on);
    }

    private boolean awaitUntil(boolean timed, long deadline, WaitKind kind, Object on) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (count == 0) {
            return true;
        }
        Node node = new Node();
        Node head;
        do {
            head = waiters;
            node.next = head;
        } while (!WAITERS.compareAndSet(this, head, node));
        Blocking.Entry watched = count != 0 ? Blocking.enter(kind, on) : null;
        try {
            while (count != 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timed) {
                    long remaining = deadline - Timers.nanoTime();
                    if (remaining <= 0L) {
                        return false;
                    }
                    Blocking.parkNanos(on, remaining, watched);
                } else {
                    LockSupport.park(on);
                }
            }
            return true;
        } finally {
            Blocking.exit(watched);
            if (node.thread != null) {  // not released: it may still be on the stack
                node.thread = null;
                unlinkLeft();
            }
        }
    }

    private void releaseWaiters() {
        for (Node n = (Node) WAITERS.getAndSet(this, (Node) null); n != null; n = n.next) {
            Thread t = n.thread;
            if (t != null) {
                n.thread = null;
                LockSupport.unpark(t);
            }
        }
    }

    /** Unlinks the nodes whose thread is null (see the class comment). */
    private void unlinkLeft() {
        restart:
        for (;;) {
            Node pred = null;
            for (Node q = waiters, next; q != null; q = next) {
                next = q.next;
                if (q.thread != null) {
                    pred = q;
                } else if (pred != null) {
                    pred.next = next;
                    if (pred.thread == null) {      // pred left meanwhile: its link may be lost
                        continue restart;
                    }
                } else if (!WAITERS.compareAndSet(this, q, next)) {
                    continue restart;               // the head moved: start over
                }
            }
            return;
        }
    }

    @Override
    public String toString() {
        return "WaitGroup[count=" + count + "]";
    }
}
