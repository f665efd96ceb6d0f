package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The contexts: Go's {@code cancelCtx} and {@code timerCtx} in one class.
 *
 * <h2>Algorithm</h2>
 *
 * A context is done once {@link #err} is set, by one CAS from null: whoever wins it (a
 * {@code cancel}, the deadline's timer, or the parent's cancellation) then closes {@link #done},
 * cancels the children, and unregisters from the parent; whoever loses does nothing, so
 * cancelling is idempotent and each step happens once.
 *
 * <p>A child registers in its parent's {@link #children} and then reads the parent's
 * {@code err}; a cancelling parent sets its {@code err} and then reads its children. Both are
 * volatile write-then-read pairs, so a child made while its parent is being cancelled is seen by
 * the parent or sees the parent's {@code err} itself, and is cancelled either way, never left
 * running under a done parent.
 *
 * <p>The deadline is the earlier of the child's own and its parent's. A timer (on the shared
 * timer thread of {@link Channels}) is scheduled only if the child's own deadline is the earlier:
 * otherwise the parent's cancellation reaches it first. The timer holds the context until it
 * fires or the context is cancelled (cancelled timer tasks are removed at once), so a cancelled
 * context costs nothing. A parent that is not one of these (a user's own {@link Context}) is
 * watched by a goroutine that waits for either context to be done, as Go does for foreign
 * contexts.
 */
final class ContextImpl implements CancelableContext {
    /** The background context: never done. Its done channel is never closed. */
    static final ContextImpl BACKGROUND = new ContextImpl(null, null);

    private static final VarHandle ERR;

    static {
        try {
            ERR = MethodHandles.lookup().findVarHandle(ContextImpl.class, "err", Err.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ContextImpl parent;
    private final Instant deadline;
    private final Channel<Void> done = Channel.unbuffered();
    private final Set<ContextImpl> children = ConcurrentHashMap.newKeySet();
    private volatile Err err;
    private volatile ScheduledFuture<?> timer;

    private ContextImpl(ContextImpl parent, Instant deadline) {
        this.parent = parent;
        this.deadline = deadline;
    }

    /** A child of {@code parent}, done also at {@code deadline} if not null. */
    static ContextImpl child(Context parent, Instant deadline) {
        java.util.Objects.requireNonNull(parent, "parent");
        Instant inherited = parent.deadline().orElse(null);
        boolean ownDeadline = deadline != null && (inherited == null || deadline.isBefore(inherited));
        ContextImpl child = new ContextImpl(parent instanceof ContextImpl p ? p : null,
                ownDeadline ? deadline : inherited);
        if (parent instanceof ContextImpl p) {
            if (p != BACKGROUND) {
                p.children.add(child);
                Err parentErr = p.err;        // after registering: see the class comment
                if (parentErr != null) {
                    child.cancel(parentErr);
                    return child;
                }
            }
        } else {
            watchForeignParent(parent, child);
        }
        if (ownDeadline) {
            child.startTimer();
        }
        return child;
    }

    private void startTimer() {
        long nanos = Duration.between(Instant.now(), deadline).toNanos();
        if (nanos <= 0L) {
            cancel(Err.DEADLINE_EXCEEDED);
            return;
        }
        timer = Channels.Timers.SCHEDULER.schedule(() -> cancel(Err.DEADLINE_EXCEEDED), nanos, TimeUnit.NANOSECONDS);
        if (err != null) {               // cancelled while scheduling: the cancel may have missed the timer
            timer.cancel(false);
        }
    }

    private static void watchForeignParent(Context parent, ContextImpl child) {
        Channels.go(() -> {
            Err why = Select.select(parent.onDone(parent::err), child.onDone(() -> null));
            if (why != null) {
                child.cancel(why);
            }
        });
    }

    @Override
    public ReceiveChannel<Void> done() {
        return done;
    }

    @Override
    public Err err() {
        return err;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    @Override
    public void cancel() {
        if (this != BACKGROUND) {
            cancel(Err.CANCELED);
        }
    }

    /** Makes this context and its descendants done with {@code why}, once. */
    void cancel(Err why) {
        if (!ERR.compareAndSet(this, null, why)) {
            return;
        }
        done.close();
        for (ContextImpl c : children) {   // after setting err: see the class comment
            c.cancel(why);
        }
        children.clear();
        if (parent != null) {
            parent.children.remove(this);
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    @Override
    public String toString() {
        Err e = err;
        return this == BACKGROUND ? "context.Background"
                : "Context[" + (e != null ? e : "active") + (deadline != null ? ", deadline " + deadline : "") + "]";
    }
}
