package dev.channels;

import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A group of goroutines working on parts of one task, Go's {@code errgroup.Group} from
 * {@code golang.org/x/sync}: {@link #await} waits for all of them and reports the first
 * failure; a group made {@link #withContext with a context} cancels it at the first failure, so
 * the other tasks can stop early; {@link #setLimit} bounds how many run at once.
 *
 * <pre>{@code
 * // Go:                                          // Java:
 * g, ctx := errgroup.WithContext(ctx)             ErrGroup g = ErrGroup.withContext(ctx);
 * g.SetLimit(4)                                   g.setLimit(4);
 * for _, u := range urls {                        for (String u : urls) {
 *     g.Go(func() error {                             g.go(() -> pages.send(fetch(g.context(), u)));
 *         p, err := fetch(ctx, u)                 }
 *         if err != nil { return err }            g.await();   // throws ExecutionException
 *         pages <- p
 *         return nil
 *     })
 * }
 * if err := g.Wait(); err != nil { ... }
 * }</pre>
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>A task that throws anything (an {@link Error} and an {@link InterruptedException} too)
 *       has failed. The first failure is kept and the others are dropped, as Go keeps the first
 *       non-nil error; {@link #await} throws an {@link ExecutionException} whose cause is it.
 *   <li>{@link #context()} is cancelled, with the first failure as its
 *       {@linkplain Context#cause() cause}, when a task first fails, and in any case once
 *       {@link #await} returns (then with the usual cause if nothing failed). For a group made
 *       with {@code new ErrGroup()} it is {@link Context#background()}, never cancelled.
 *   <li>With a limit of n, at most n tasks run at once: {@link #go} blocks (interruptibly) while
 *       n are running, {@link #tryGo} returns false. A limit of 0 lets no task start.
 *   <li>Everything a task did happens-before {@link #await} returns.
 * </ul>
 *
 * <h2>Algorithm</h2>
 *
 * Go's: a {@link WaitGroup} for the tasks, the first failure kept by a CAS, and, with a limit, a
 * channel of that capacity as a semaphore: a task holds one element of it while it runs.
 */
public final class ErrGroup {
    private final WaitGroup tasks = new WaitGroup();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Context context;
    private final CancelableContext cancelable;     // null for new ErrGroup()
    private volatile Channel<Boolean> slots;         // null: no limit

    /** A group with no context: {@link #context()} is {@link Context#background()}. Go's zero {@code Group}. */
    public ErrGroup() {
        this.context = Context.background();
        this.cancelable = null;
    }

    private ErrGroup(CancelableContext ctx) {
        this.context = ctx;
        this.cancelable = ctx;
    }

    /**
     * A group whose {@link #context()} is a child of {@code parent}, cancelled when a task first
     * fails or when {@link #await} returns: Go's {@code errgroup.WithContext}.
     *
     * @param parent the parent context
     * @return the group
     * @throws NullPointerException if {@code parent} is null
     */
    public static ErrGroup withContext(Context parent) {
        return new ErrGroup(Context.withCancel(Objects.requireNonNull(parent, "parent")));
    }

    /**
     * The group's context: pass it to the tasks, so that they stop once it is done.
     *
     * @return the context
     */
    public Context context() {
        return context;
    }

    /**
     * Starts {@code task} on a new goroutine, Go's {@code g.Go(f)}; first waits while the limit
     * of running tasks is reached.
     *
     * @param task the work
     * @throws InterruptedException if interrupted while waiting for the limit; the task is then
     *         not started
     * @throws NullPointerException if {@code task} is null
     */
    public void go(Goroutine task) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        Channel<Boolean> s = slots;
        if (s != null) {
            s.send(Boolean.TRUE);
        }
        start(task, s);
    }

    /**
     * Starts {@code task} on a new goroutine if the limit of running tasks allows it now, Go's
     * {@code g.TryGo(f)}.
     *
     * @param task the work
     * @return true if it started, false if the limit was reached
     * @throws NullPointerException if {@code task} is null
     */
    public boolean tryGo(Goroutine task) {
        Objects.requireNonNull(task, "task");
        Channel<Boolean> s = slots;
        if (s != null && !s.trySend(Boolean.TRUE)) {
            return false;
        }
        start(task, s);
        return true;
    }

    /**
     * Limits how many tasks may run at once to {@code n}, Go's {@code g.SetLimit(n)}; a negative
     * {@code n} removes the limit.
     *
     * @param n the limit, or negative for none
     * @throws IllegalStateException if any task is still running (Go panics:
     *         {@code "errgroup: modify limit while N goroutines in the group are still active"})
     */
    public void setLimit(int n) {
        long running = tasks.count();
        if (running != 0) {
            throw new IllegalStateException(
                    "errgroup: modify limit while " + running + " goroutines in the group are still active");
        }
        slots = n < 0 ? null : ChannelImpl.internal(n, "ErrGroup limit");
    }

    /**
     * Waits for every task started so far, then cancels the group's context, Go's
     * {@code g.Wait()}.
     *
     * @throws ExecutionException if a task failed: its cause is the first failure
     * @throws InterruptedException if interrupted while waiting; the tasks go on, and the
     *         context is not cancelled
     */
    public void await() throws InterruptedException, ExecutionException {
        tasks.await(WaitKind.ERR_GROUP, this);
        Throwable first = failure.get();
        if (cancelable != null) {
            cancelable.cancel(first);
        }
        if (first != null) {
            throw new ExecutionException(first);
        }
    }

    private void start(Goroutine task, Channel<Boolean> s) {
        tasks.add(1);
        try {
            Goroutines.start(() -> run(task, s));
        } catch (Throwable e) {
            finished(s);                  // the thread never started
            throw e;
        }
    }

    private void run(Goroutine task, Channel<Boolean> s) {
        try {
            task.run();
        } catch (Throwable t) {
            if (failure.compareAndSet(null, t) && cancelable != null) {
                cancelable.cancel(t);
            }
        } finally {
            finished(s);
        }
    }

    private void finished(Channel<Boolean> s) {
        if (s != null) {
            s.tryReceive();               // the slot this task held: there is one, so never null
        }
        tasks.done();
    }

    @Override
    public String toString() {
        return "ErrGroup[running=" + tasks.count() + (failure.get() != null ? ", failed]" : "]");
    }
}
