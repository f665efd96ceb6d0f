package dev.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The contexts: Go's {@code cancelCtx}, {@code timerCtx} and {@code withoutCancelCtx} in one
 * class.
 *
 * <h2>Algorithm</h2>
 *
 * A context is done once {@link #state} is set, by one CAS from null to an {@link Ended} that
 * holds both the error and the cause (so that no reader sees one without the other): whoever
 * wins it (a {@code cancel}, the deadline's timer, or the parent's cancellation) then closes
 * {@link #done}, tells its dependents, and unregisters from the parent; whoever loses does
 * nothing, so cancelling is idempotent and each step happens once.
 *
 * <p>A dependent (a child context, or an {@code afterFunc}) registers in its parent's
 * {@link #dependents} and then reads the parent's {@code state}; a cancelling parent sets its
 * {@code state} and then reads its dependents. Both are volatile write-then-read pairs, so a
 * dependent registered while its parent is being cancelled is seen by the parent or sees the
 * parent's state itself, and is told either way (each dependent acts on the first telling
 * only).
 *
 * <p>The deadline is the earlier of the child's own and its parent's. A timer is scheduled only
 * if the child's own deadline is the earlier: otherwise the parent's cancellation reaches it
 * first. The timer holds the context until it fires or the context is cancelled (cancelled
 * timer tasks are removed at once), so a cancelled context costs nothing. A context that is
 * never done ({@link #BACKGROUND}, {@link #withoutCancel}) keeps no dependents. A parent that is
 * not one of these (a user's own {@link Context}) is watched by a goroutine that waits for
 * either context to be done, as Go does for foreign contexts.
 */
final class ContextImpl implements CancelableContext, ContextDependent {
    /** The background context: never done. */
    static final ContextImpl BACKGROUND = new ContextImpl(null, null, "context.Background");

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ContextImpl.class, "state", Ended.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Why a context is done: its error and its cause, set together. */
    record Ended(Err err, Throwable cause) {
    }

    private final ContextImpl parent;            // registered with; null if none
    private final Instant deadline;
    private final String neverDone;              // the name of a context that is never done, else null
    private final Channel<Void> done = ChannelImpl.internal(0, "Context.done");
    private final Set<ContextDependent> dependents;     // null for a context that is never done
    private volatile Ended state;
    private volatile Timers.Handle timer;

    /** A cancelable context. */
    private ContextImpl(ContextImpl parent, Instant deadline) {
        this.parent = parent;
        this.deadline = deadline;
        this.neverDone = null;
        this.dependents = ConcurrentHashMap.newKeySet();
    }

    /** A context that is never done, named {@code name}. */
    private ContextImpl(ContextImpl parent, Instant deadline, String name) {
        this.parent = parent;
        this.deadline = deadline;
        this.neverDone = name;
        this.dependents = null;
    }

    static Context withoutCancel(Context parent) {
        Objects.requireNonNull(parent, "parent");
        return new ContextImpl(null, null, "context.WithoutCancel(" + parent + ")");
    }

    /** A child of {@code parent}, done also at {@code deadline} if not null. */
    static ContextImpl child(Context parent, Instant deadline) {
        Objects.requireNonNull(parent, "parent");
        Instant inherited = parent.deadline().orElse(null);
        boolean ownDeadline = deadline != null && (inherited == null || deadline.isBefore(inherited));
        ContextImpl p = parent instanceof ContextImpl c && c.neverDone == null ? c : null;
        ContextImpl child = new ContextImpl(p, ownDeadline ? deadline : inherited);
        if (p != null) {
            p.register(child);
        } else if (!(parent instanceof ContextImpl)) {
            watchForeignParent(parent, child);
        }
        if (ownDeadline && child.state == null) {
            child.startTimer();
        }
        return child;
    }

    /** Adds a dependent, and tells it at once if this context is done already. */
    private void register(ContextDependent d) {
        dependents.add(d);
        Ended why = state;              // after registering: see the class comment
        if (why != null) {
            d.parentDone(why);
        }
    }

    private void startTimer() {
        long nanos = Duration.between(Timers.now(), deadline).toNanos();
        if (nanos <= 0L) {
            cancel(Err.DEADLINE_EXCEEDED, null);
            return;
        }
        timer = Timers.schedule(() -> cancel(Err.DEADLINE_EXCEEDED, null), nanos);
        if (state != null) {            // cancelled while scheduling: the cancel may have missed the timer
            timer.cancel();
        }
    }

    private static void watchForeignParent(Context parent, ContextImpl child) {
        Channels.go(() -> {
            Err why = Select.select(parent.onDone(parent::err), child.onDone(() -> null));
            if (why != null) {
                child.cancel(why, parent.cause());
            }
        });
    }

    @Override
    public ReceiveChannel<Void> done() {
        return done;
    }

    @Override
    public Err err() {
        Ended e = state;
        return e == null ? null : e.err;
    }

    @Override
    public Throwable cause() {
        Ended e = state;
        return e == null ? null : e.cause;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    @Override
    public BooleanSupplier afterFunc(Runnable f) {
        AfterFunc a = new AfterFunc(Objects.requireNonNull(f, "f"));
        if (neverDone == null) {
            register(a);
        }
        return a;
    }

    @Override
    public void cancel(Throwable cause) {
        if (neverDone == null) {
            cancel(Err.CANCELED, cause);
        }
    }

    /** Makes this context and its dependents done with {@code why}, once. */
    void cancel(Err why, Throwable cause) {
        Ended e = new Ended(why, cause != null ? cause : why.newException());
        if (STATE.compareAndSet(this, null, e)) {
            ended(e);
        }
    }

    /** What the winner of the CAS does: see the class comment. */
    private void ended(Ended e) {
        done.close();
        for (ContextDependent d : dependents) {  // after setting the state: see the class comment
            d.parentDone(e);
        }
        dependents.clear();
        if (parent != null) {
            parent.dependents.remove(this);
        }
        Timers.Handle t = timer;
        if (t != null) {
            t.cancel();
        }
    }

    /** Told by the parent: done with the parent's error and cause, as in Go. */
    @Override
    public void parentDone(Ended e) {
        if (STATE.compareAndSet(this, null, e)) {
            ended(e);
        }
    }

    @Override
    public String toString() {
        if (neverDone != null) {
            return neverDone;
        }
        Ended e = state;
        return "Context[" + (e != null ? e.err : "active") + (deadline != null ? ", deadline " + deadline : "") + "]";
    }

    /** One {@code afterFunc} registration: runs once, unless stopped first. */
    private final class AfterFunc implements ContextDependent, BooleanSupplier {
        private static final int WAITING = 0;
        private static final int STARTED = 1;
        private static final int STOPPED = 2;
        private final Runnable f;
        private final AtomicInteger phase = new AtomicInteger();

        AfterFunc(Runnable f) {
            this.f = f;
        }

        @Override
        public void parentDone(Ended why) {
            if (phase.compareAndSet(WAITING, STARTED)) {
                Goroutines.start(f::run);
            }
        }

        /** Go's {@code stop()}. */
        @Override
        public boolean getAsBoolean() {
            if (!phase.compareAndSet(WAITING, STOPPED)) {
                return false;
            }
            if (dependents != null) {
                dependents.remove(this);
            }
            return true;
        }
    }
}

/** What a context tells when it is done: a child context, or an {@code afterFunc}. */
interface ContextDependent {
    /** The context this depends on is done, with {@code why}. */
    void parentDone(ContextImpl.Ended why);
}
