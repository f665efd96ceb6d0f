package dev.channels;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A semaphore whose permits are taken in any number at once, Go's {@code semaphore.Weighted}
 * from {@code golang.org/x/sync}: bounds the total weight of work in progress (bytes in
 * memory, connections, CPU-heavy jobs), where a channel of tokens would bound only its count.
 *
 * <pre>{@code
 * // Go:                                        // Java:
 * sem := semaphore.NewWeighted(64 << 20)        WeightedSemaphore sem = new WeightedSemaphore(64 << 20);
 * if err := sem.Acquire(ctx, size); err != nil {    if (!sem.acquire(ctx, size)) {
 *     return err                                        return ctx.cause();
 * }                                                 }
 * defer sem.Release(size)                           try { load(file); } finally { sem.release(size); }
 * }</pre>
 *
 * <h2>Semantics</h2>
 *
 * Go's: requests are served in arrival order, and a request that cannot be served holds up the
 * ones behind it, however small (so a large request is not starved by a stream of small ones).
 * A request larger than the whole semaphore waits until it is interrupted or its context is
 * done, as in Go, without holding up the others. An acquire that gives up (interrupt, context,
 * a select that chose another case) leaves the semaphore as if it had never asked: if permits
 * were granted to it at the last moment they are given back. {@link #onAcquire} makes an
 * acquire a {@link Select} case, which Go's semaphore is not.
 *
 * <h2>Algorithm</h2>
 *
 * Go's: a lock, the permits taken, and a FIFO of waiting requests. A request that cannot be
 * served at once gets a channel of capacity 1 and waits on it (alone, or as a case of a
 * select); whoever frees permits grants them to the requests at the head of the queue, in
 * order, as long as they fit, by sending on their channels. The lock is a
 * {@link ReentrantLock} (it parks without pinning a virtual thread) and nobody blocks while
 * holding it.
 */
public final class WeightedSemaphore {
    private final long size;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Request> waiters = new ArrayDeque<>();   // guarded by lock
    private long taken;                                                // guarded by lock

    /** A request that could not be served at once: granted by a send on {@code grant}. */
    private static final class Request {
        final long n;
        final Channel<Boolean> grant = ChannelImpl.internal(1, "WeightedSemaphore.acquire");

        Request(long n) {
            this.n = n;
        }
    }

    /**
     * A semaphore of {@code size} permits, Go's {@code semaphore.NewWeighted(n)}.
     *
     * @param size the total weight, 0 or more
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public WeightedSemaphore(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("semaphore: negative size " + size);
        }
        this.size = size;
    }

    /**
     * Takes {@code n} permits, blocking until they are granted: Go's {@code Acquire} with a
     * context that is never done.
     *
     * @param n how many, 0 or more
     * @throws InterruptedException if interrupted before or while waiting; nothing is taken
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void acquire(long n) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Request r = requestOrNull(checked(n));
        if (r == null) {
            return;
        }
        try {
            r.grant.receive();
        } catch (InterruptedException e) {
            abandon(r);
            throw e;
        }
    }

    /**
     * Takes {@code n} permits, blocking until they are granted or {@code ctx} is done: Go's
     * {@code Acquire(ctx, n)}.
     *
     * @param ctx the context whose end stops the wait
     * @param n how many, 0 or more
     * @return true if taken; false if {@code ctx} was done first (then nothing is taken, even if
     *         the permits came at the same moment, as in Go)
     * @throws InterruptedException if interrupted before or while waiting; nothing is taken
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public boolean acquire(Context ctx, long n) throws InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (ctx.err() != null) {
            return false;
        }
        Request r = requestOrNull(checked(n));
        if (r == null) {
            return true;
        }
        boolean granted;
        try {
            granted = Select.select(r.grant.onReceive(x -> true), ctx.onDone(() -> false));
        } catch (InterruptedException e) {
            abandon(r);
            throw e;
        }
        if (!granted || ctx.err() != null) {
            if (granted) {
                release(n);
            } else {
                abandon(r);
            }
            return false;
        }
        return true;
    }

    /**
     * Takes {@code n} permits if that can be done now without waiting, Go's {@code TryAcquire}:
     * only if they are free and nobody is waiting ahead.
     *
     * @param n how many, 0 or more
     * @return true if taken
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public boolean tryAcquire(long n) {
        checked(n);
        lock.lock();
        try {
            if (size - taken >= n && waiters.isEmpty()) {
                taken += n;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back {@code n} permits, Go's {@code Release}, and grants what fits to the requests
     * waiting, in order.
     *
     * @param n how many, 0 or more
     * @throws IllegalStateException if more would be given back than are taken (Go panics:
     *         {@code "semaphore: released more than held"}); nothing is then given back
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void release(long n) {
        checked(n);
        lock.lock();
        try {
            if (n > taken) {
                throw new IllegalStateException("semaphore: released more than held");
            }
            taken -= n;
            grantLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A select case that takes {@code n} permits and then runs {@code then}. While the select
     * waits, the request waits in line like any other; if the select chooses another case, the
     * request leaves the line (and gives back permits granted at the last moment). The case may
     * be used in any number of selects.
     *
     * <pre>{@code
     * Select.select(
     *         sem.onAcquire(size, () -> load(file)),          // proceeds once size permits are taken
     *         ctx.onDone(() -> null));
     * }</pre>
     *
     * @param n how many, 0 or more
     * @param then the code to run once they are taken; its result is the select's
     * @param <R> the result type
     * @return the case
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public <R> SelectCase<R> onAcquire(long n, Supplier<? extends R> then) {
        checked(n);
        Objects.requireNonNull(then, "then");
        return (Select.Deferred<R>) () -> new GrantClause<>(this, n, then);
    }

    /**
     * The number of permits it was made with.
     *
     * @return the size
     */
    public long size() {
        return size;
    }

    /**
     * The permits taken now, for monitoring.
     *
     * @return how many are taken
     */
    public long taken() {
        lock.lock();
        try {
            return taken;
        } finally {
            lock.unlock();
        }
    }

    private static long checked(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: negative weight " + n);
        }
        return n;
    }

    /** Takes {@code n} now and returns null, or queues a request and returns it. */
    private Request requestOrNull(long n) {
        lock.lock();
        try {
            if (size - taken >= n && waiters.isEmpty()) {
                taken += n;
                return null;
            }
            Request r = new Request(n);
            if (n <= size) {
                waiters.addLast(r);
            }   // else: it can never be granted; it waits without holding up the others (Go)
            return r;
        } finally {
            lock.unlock();
        }
    }

    /** A request that gave up: leaves the line, or gives back what it was granted meanwhile. */
    private void abandon(Request r) {
        lock.lock();
        try {
            if (r.grant.tryReceive() != null) {
                taken -= r.n;                        // granted at the last moment: give it back
                grantLocked();
            } else {
                boolean first = waiters.peekFirst() == r;
                waiters.remove(r);
                if (first) {
                    grantLocked();                   // it held up the ones behind it
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Grants the requests at the head of the line while they fit (FIFO, as Go's notifyWaiters). */
    private void grantLocked() {
        for (Request r; (r = waiters.peekFirst()) != null && size - taken >= r.n; ) {
            waiters.removeFirst();
            taken += r.n;
            r.grant.trySend(Boolean.TRUE);           // capacity 1 and sent once: never full
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "WeightedSemaphore[taken " + taken + " of " + size + ", waiting " + waiters.size() + "]";
        } finally {
            lock.unlock();
        }
    }

    /** The clause of one select's acquire: a receive of the grant, and the end of the request. */
    private static final class GrantClause<R> extends Select.ReceiveClause<R> {
        private final WeightedSemaphore semaphore;
        private final Request request;
        private boolean chosen;

        GrantClause(WeightedSemaphore semaphore, long n, Supplier<? extends R> then) {
            this(semaphore, semaphore.requestOrGranted(n), then);
        }

        private GrantClause(WeightedSemaphore semaphore, Request request, Supplier<? extends R> then) {
            super((ChannelImpl<?>) request.grant, (Object granted) -> then.get(), false);
            this.semaphore = semaphore;
            this.request = request;
        }

        @Override
        R complete(Object outcome) {
            chosen = true;
            return super.complete(outcome);
        }

        @Override
        void end() {
            if (!chosen) {
                semaphore.abandon(request);
            }
        }
    }

    /** For a select: a request whose grant is already sent if the permits were free. */
    private Request requestOrGranted(long n) {
        lock.lock();
        try {
            Request r = new Request(n);
            if (size - taken >= n && waiters.isEmpty()) {
                taken += n;
                r.grant.trySend(Boolean.TRUE);
            } else if (n <= size) {
                waiters.addLast(r);
            }
            return r;
        } finally {
            lock.unlock();
        }
    }
}
