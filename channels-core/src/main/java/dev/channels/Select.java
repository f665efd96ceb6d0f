package dev.channels;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Go's {@code select}: waits until one of several channel operations can proceed, performs
 * exactly that one, and runs its code.
 *
 * <pre>{@code
 * // Go:                                   // Java:
 * select {                                 String r = Select.select(
 * case v := <-in:                              in.onReceive(v -> "got " + v),
 *     r = "got " + v                           out.onSend(42, () -> "sent"),
 * case out <- 42:                              Channels.after(Duration.ofSeconds(1))
 *     r = "sent"                                   .onReceive(t -> "timeout"));
 * case <-time.After(time.Second):
 *     r = "timeout"
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>When several cases are ready, one is chosen uniformly at random.
 *   <li>With a {@link #defaultCase}, select never blocks: the default runs when no other case is
 *       ready. A {@link #timeoutCase} runs when no case became ready in time.
 *   <li>An {@code onReceive} case whose channel is closed and drained is ready, and choosing it
 *       throws {@link ChannelClosedException} ({@code onReceiveOk} gets an empty Optional
 *       instead); an {@code onSend} case whose channel is closed is ready and choosing it throws
 *       {@link ChannelClosedException}, as Go panics.
 *   <li>Exactly one case takes effect; the others consume and deliver nothing.
 *   <li>The same channel may appear in several cases, even as both send and receive of one
 *       select; a select never matches with itself.
 *   <li>A {@code null} case is ignored: it is the Java form of Go's nil channel, never ready.
 *       {@code select()} with no cases blocks until interrupted, as Go's {@code select {}}.
 *   <li>The cases' code runs after the select has released every channel, on the calling
 *       thread; what it returns is what {@code select} returns.
 * </ul>
 *
 * <h2>Algorithm</h2>
 *
 * Go's three passes, over the channels' own locks (there is no global lock), after a lock-free
 * pass 0 when every case receives from a buffered channel (it polls their buffers in the random
 * order; see {@link #allBufferedReceives}):
 * <ol>
 *   <li><b>Poll.</b> Lock every distinct channel of the select in a global order (each channel's
 *       {@linkplain #lockOrder(ChannelImpl[], int[]) identity hash}, so two selects can never
 *       deadlock), then try the cases in a random permutation. The first that can complete now
 *       does so under the locks (hand-off to or from a parked peer, or the buffer), and wins.
 *       Polling needs no CAS on the select's own state: nothing has been published yet, so
 *       nobody else can choose for it. With no ready case, a default wins.
 *   <li><b>Park.</b> Still under all locks, queue one {@link Waiter} per case, all sharing one
 *       {@link Decision}, then unlock and park. A peer that arrives on any of the channels matches
 *       that case's waiter by winning the CAS on the shared decision, so at most one case is ever
 *       taken; the others fail the CAS and skip the waiter. Queuing can fail when a lock-free
 *       buffered operation changed a channel between the poll and the queuing; the select then
 *       unlinks what it queued and polls again, still holding the locks. The waiters are
 *       queued in the poll pass's random order, as Go's {@code selectgo} does: a peer meets the
 *       first of two cases queued on one channel, so a select parked on two cases of one
 *       channel is completed through either, uniformly, not always through the first listed.
 *       A select may spin before parking as long as the longest its channels'
 *       {@link WaitPolicy} allows.
 *   <li><b>Clean up.</b> Once decided (or cancelled by interrupt or time out), unlink the waiters
 *       of the cases not taken, locking each channel on its own, so that long-lived channels do
 *       not accumulate dead waiters.
 * </ol>
 */
public final class Select {
    private Select() {
    }

    /**
     * Blocks until one case can proceed, performs it, and returns the result of its code.
     *
     * @param cases the cases; null entries are never ready (Go's nil channels)
     * @param <R> the result type
     * @return the result of the chosen case's code
     * @throws InterruptedException if the thread is interrupted before or while blocked (a select
     *         with a default never blocks and never throws this); no case then takes effect
     * @throws ChannelClosedException if the chosen case is a send on a closed channel, or an
     *         {@code onReceive} of a closed and drained channel
     * @throws IllegalArgumentException if there are two default cases, or a case that was not
     *         made by this library
     */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    public static <R> R select(SelectCase<? extends R>... cases) throws InterruptedException {
        Objects.requireNonNull(cases, "cases");
        ChannelClause<?>[] clauses = new ChannelClause<?>[cases.length];
        int n = 0;
        DefaultClause<?> otherwise = null;
        TimeoutClause<?> timeout = null;
        boolean deferred = false;
        for (SelectCase<?> c : cases) {
            switch (c) {
                case null -> { }
                case ChannelClause<?> cc -> clauses[n++] = cc;
                case Deferred<?> d -> deferred = true;
                case DefaultClause<?> d -> {
                    if (otherwise != null) {
                        throw new IllegalArgumentException("multiple defaults in select");
                    }
                    otherwise = d;
                }
                case TimeoutClause<?> t -> {
                    if (timeout == null || t.timeout.compareTo(timeout.timeout) < 0) {
                        timeout = t;
                    }
                }
                default -> throw new IllegalArgumentException(
                        "not a select case made by dev.channels: " + c.getClass().getName());
            }
        }
        if (!deferred) {
            return (R) select(Arrays.copyOf(clauses, n), otherwise, timeout);
        }
        // Cases that take part only while a select runs: begun here, each told when it ends.
        int begun = n;
        try {
            for (SelectCase<?> c : cases) {
                if (c instanceof Deferred<?> d) {
                    clauses[n++] = d.begin();
                }
            }
            return (R) select(Arrays.copyOf(clauses, n), otherwise, timeout);
        } finally {
            for (int i = begun; i < n; i++) {
                clauses[i].end();
            }
        }
    }

    /** The select of {@code present}, the channel cases, with the default or timeout if any. */
    private static Object select(ChannelClause<?>[] present, DefaultClause<?> otherwise, TimeoutClause<?> timeout)
            throws InterruptedException {
        if (otherwise == null && Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = timeout == null ? 0L : Deadlines.after(timeout.timeout);
        if (present.length == 0) {
            return otherwise != null ? otherwise.then.get() : awaitNothing(timeout, deadline);
        }
        Object r;
        while ((r = run(present, otherwise, timeout, deadline)) == Waiter.RETRY) {
            // woken for an element that a barging receive took first: select again
        }
        return r;
    }

    /**
     * A case that runs {@code then} when no other case is ready: Go's {@code default:}. A select
     * with a default never blocks.
     *
     * @param then the code to run
     * @param <R> the result type
     * @return the case
     * @throws NullPointerException if {@code then} is null
     */
    public static <R> SelectCase<R> defaultCase(Supplier<? extends R> then) {
        return new DefaultClause<>(Objects.requireNonNull(then, "then"));
    }

    /**
     * A case that runs {@code then} if no other case became ready within {@code timeout} of the
     * select's start: Go's {@code case <-time.After(timeout):}, without a timer. With several
     * timeout cases the shortest counts.
     *
     * @param timeout how long the select may wait
     * @param then the code to run when the time is up
     * @param <R> the result type
     * @return the case
     * @throws NullPointerException if an argument is null
     */
    public static <R> SelectCase<R> timeoutCase(Duration timeout, Supplier<? extends R> then) {
        return new TimeoutClause<>(Objects.requireNonNull(timeout, "timeout"), Objects.requireNonNull(then, "then"));
    }

    /**
     * {@link #select(SelectCase[])} over a list of cases built at run time, Go's
     * {@code reflect.Select}; null entries are never ready.
     *
     * @param cases the cases
     * @param <R> the result type
     * @return the result of the chosen case's code
     * @throws InterruptedException as {@link #select(SelectCase[])}
     * @throws NullPointerException if {@code cases} is null
     */
    @SuppressWarnings("unchecked")
    public static <R> R select(List<? extends SelectCase<? extends R>> cases) throws InterruptedException {
        return select((SelectCase<? extends R>[]) cases.toArray(new SelectCase<?>[0]));
    }

    // ---------------------------------------------------------------- select as a statement

    /**
     * A case of {@link #await}: a {@link Recv receive} or a {@link Send send}, with no code of
     * its own. The code goes after the select, in the caller's own method, where it may block,
     * throw, assign local variables, {@code break}, {@code continue} and {@code return}.
     *
     * @param <T> the element type
     */
    public sealed interface Op<T> permits Recv, Send {
    }

    /**
     * A receive case: Go's {@code case v, ok := <-ch:}.
     *
     * @param channel the channel to receive from
     * @param <T> the element type
     */
    public record Recv<T>(ReceiveChannel<T> channel) implements Op<T> {
        /**
         * A receive case on {@code channel}.
         *
         * @param channel the channel to receive from, not null (use {@link Select#recv}, which
         *        takes null as Go's nil channel)
         */
        public Recv {
            Objects.requireNonNull(channel, "channel");
        }
    }

    /**
     * A send case: Go's {@code case ch <- v:}.
     *
     * @param channel the channel to send on
     * @param value the element to send
     * @param <T> the element type
     */
    public record Send<T>(SendChannel<T> channel, T value) implements Op<T> {
        /**
         * A send case of {@code value} on {@code channel}.
         *
         * @param channel the channel to send on, not null (use {@link Select#send}, which takes
         *        null as Go's nil channel)
         * @param value the element, not null
         */
        public Send {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(value, "send of null element");
        }
    }

    /**
     * A receive case on {@code ch}; null if {@code ch} is null, which {@link #await} takes as
     * Go's nil channel: never ready.
     *
     * @param ch the channel, or null
     * @param <T> the element type
     * @return the case, or null
     */
    public static <T> Recv<T> recv(ReceiveChannel<T> ch) {
        return ch == null ? null : new Recv<>(ch);
    }

    /**
     * A send case of {@code value} on {@code ch}; null if {@code ch} is null, which
     * {@link #await} takes as Go's nil channel: never ready.
     *
     * @param ch the channel, or null
     * @param value the element, not null
     * @param <T> the element type
     * @return the case, or null
     * @throws NullPointerException if {@code value} is null
     */
    public static <T> Send<T> send(SendChannel<T> ch, T value) {
        Objects.requireNonNull(value, "send of null element");
        return ch == null ? null : new Send<>(ch, value);
    }

    /**
     * What {@link #await} chose: which case, and what it received.
     *
     * @param index the position of the chosen case among the arguments (null ones count)
     * @param op the chosen case
     * @param value the element received, or null for a send or a receive that saw the closure
     * @param ok false if the chosen case was a receive from a closed and drained channel (Go's
     *        {@code ok}); true otherwise
     * @param <T> the element type common to the cases
     */
    public record Selected<T>(int index, Op<? extends T> op, T value, boolean ok) {
        /**
         * True if {@code candidate} is the chosen case (the same object).
         *
         * @param candidate a case passed to {@link #await}
         * @return whether it was chosen
         */
        public boolean is(Op<?> candidate) {
            return op == candidate;
        }

        /**
         * The element received by {@code recv}, typed by it, for selects over channels of
         * different types.
         *
         * @param recv the receive case that must have been chosen
         * @param <U> its element type
         * @return the element, or null if the channel was closed and drained
         * @throws IllegalStateException if another case was chosen
         */
        @SuppressWarnings("unchecked")
        public <U> U value(Recv<U> recv) {
            if (op != recv) {
                throw new IllegalStateException("select chose case " + index + ", not " + recv);
            }
            return (U) value;
        }
    }

    /**
     * Blocks until one of the cases can proceed, performs it, and says which: Go's
     * {@code select} statement, with the cases' code written after it. Chooses uniformly among
     * ready cases, and exactly one case takes effect, as {@link #select(SelectCase[])} does.
     *
     * <pre>{@code
     * // Go:                                       // Java:
     * for a != nil || b != nil {                   while (a != null || b != null) {
     *     select {                                     var s = Select.await(Select.recv(a), Select.recv(b));
     *     case v, ok := <-a:                           if (!s.ok()) {
     *         if !ok { a = nil; continue }                 if (s.index() == 0) a = null; else b = null;
     *         out <- v                                     continue;
     *     case v, ok := <-b:                           }
     *         if !ok { b = nil; continue }             out.send(s.value());
     *         out <- v                             }
     *     }
     * }
     * }</pre>
     *
     * @param ops the cases; null ones are never ready (Go's nil channels); none at all blocks
     *        until interrupted, as Go's {@code select {}}
     * @param <T> the element type common to the cases
     * @return the chosen case and what it received
     * @throws InterruptedException if interrupted before or while blocked; no case took effect
     * @throws ChannelClosedException if the chosen case is a send on a closed channel (Go panics)
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // ops is only read, never stored or written
    public static <T> Selected<T> await(Op<? extends T>... ops) throws InterruptedException {
        return select(cases(null, ops));
    }

    /**
     * {@link #await(Op[])} over a list of cases built at run time, Go's {@code reflect.Select}.
     *
     * @param ops the cases; null ones are never ready
     * @param <T> the element type common to the cases
     * @return the chosen case and what it received
     * @throws InterruptedException if interrupted before or while blocked
     * @throws ChannelClosedException if the chosen case is a send on a closed channel
     */
    @SuppressWarnings("unchecked")
    public static <T> Selected<T> await(List<? extends Op<? extends T>> ops) throws InterruptedException {
        return await((Op<? extends T>[]) ops.toArray(new Op<?>[0]));
    }

    /**
     * {@link #await(Op[])} that gives up after {@code timeout}: Go's select with
     * {@code case <-time.After(timeout):}.
     *
     * @param timeout how long to wait
     * @param ops the cases; null ones are never ready
     * @param <T> the element type common to the cases
     * @return the chosen case, or null if none became ready in time
     * @throws InterruptedException if interrupted before or while blocked
     * @throws ChannelClosedException if the chosen case is a send on a closed channel
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // ops is only read, never stored or written
    public static <T> Selected<T> await(Duration timeout, Op<? extends T>... ops) throws InterruptedException {
        return select(cases(timeoutCase(timeout, () -> null), ops));
    }

    /**
     * Performs one of the cases that can proceed now, or none: Go's select with a
     * {@code default:} case. Never blocks.
     *
     * @param ops the cases; null ones are never ready
     * @param <T> the element type common to the cases
     * @return the chosen case, or null if none was ready
     * @throws ChannelClosedException if the chosen case is a send on a closed channel
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // ops is only read, never stored or written
    public static <T> Selected<T> poll(Op<? extends T>... ops) {
        try {
            return select(cases(defaultCase(() -> null), ops));
        } catch (InterruptedException e) {
            throw new AssertionError("a select with a default never blocks", e);
        }
    }

    /** The {@link SelectCase}s of {@code ops}, plus {@code extra} if not null. */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    private static <T> SelectCase<Selected<T>>[] cases(SelectCase<Selected<T>> extra, Op<? extends T>... ops) {
        Objects.requireNonNull(ops, "ops");
        SelectCase<Selected<T>>[] cases = (SelectCase<Selected<T>>[]) new SelectCase<?>[ops.length + (extra != null ? 1 : 0)];
        for (int i = 0; i < ops.length; i++) {
            cases[i] = caseOf(i, ops[i]);
        }
        if (extra != null) {
            cases[ops.length] = extra;
        }
        return cases;
    }

    private static <T, U extends T> SelectCase<Selected<T>> caseOf(int index, Op<U> op) {
        return switch (op) {
            case null -> null;
            case Recv<U> r -> r.channel().onReceiveOk(v -> new Selected<>(index, op, v.orElse(null), v.isPresent()));
            case Send<U> s -> s.channel().onSend(s.value(), () -> new Selected<>(index, op, null, true));
        };
    }

    // ---------------------------------------------------------------- the three passes

    private static Object run(ChannelClause<?>[] clauses, DefaultClause<?> otherwise,
                              TimeoutClause<?> timeout, long deadline) throws InterruptedException {
        int n = clauses.length;
        int[] pollOrder = randomPermutation(n);
        if (allBufferedReceives(clauses)) {                                   // pass 0: no locks
            for (int i : pollOrder) {
                Object outcome = clauses[i].channel.pollFast();
                if (outcome != null) {
                    return clauses[i].complete(outcome);
                }
            }
        }
        ChannelImpl<?>[] lockOrder = lockOrder(clauses);
        QueuedWaiter[] waiters = null;
        Decision decision = null;
        int ready = -1;
        Object outcome = null;
        int spins = 0;

        lockAll(lockOrder);
        try {
            passes:
            for (;;) {
                for (int i : pollOrder) {                                     // pass 1: poll
                    outcome = clauses[i].tryLocked();
                    if (outcome != null) {
                        ready = i;
                        break passes;
                    }
                }
                if (otherwise != null || (timeout != null && deadline - Timers.nanoTime() <= 0L)) {
                    break;
                }
                decision = new Decision();                                    // pass 2: queue
                waiters = new QueuedWaiter[n];
                int queued = 0;
                while (queued < n) {          // in the poll order, as Go does (see "Park")
                    int i = pollOrder[queued];
                    QueuedWaiter w = clauses[i].newWaiter(decision, i);
                    if (!clauses[i].enqueueLocked(w)) {
                        break;
                    }
                    spins = Math.max(spins, clauses[i].channel.spinsFor(w));
                    waiters[i] = w;
                    queued++;
                }
                if (queued == n) {
                    break;
                }
                for (int k = 0; k < queued; k++) {                            // changed meanwhile:
                    int i = pollOrder[k];                                     // unqueue, poll again
                    clauses[i].channel.withdrawLocked(waiters[i]);
                }
                waiters = null;
            }
        } finally {
            unlockAll(lockOrder);
        }

        if (ready >= 0) {
            return clauses[ready].complete(outcome);
        }
        if (waiters == null) {
            return otherwise != null ? otherwise.then.get() : timeout.then.get();
        }
        int chosen = decision.await(timeout != null, deadline, spins,         // park
                WaitKind.SELECT, new SelectBlocker(clauses));
        for (int i = 0; i < n; i++) {                                         // pass 3: clean up
            if (i != chosen) {
                clauses[i].channel.withdraw(waiters[i]);
            }
        }
        if (chosen == Decision.INTERRUPTED) {
            throw new InterruptedException();
        }
        if (chosen == Decision.TIMED_OUT) {
            return timeout.then.get();
        }
        Object taken = clauses[chosen].outcomeOf(waiters[chosen]);
        return taken == Waiter.RETRY ? Waiter.RETRY : clauses[chosen].complete(taken);
    }

    /**
     * True if every case receives from a buffered channel. Such a select first polls its
     * channels without their locks, in its random order (pass 0): a buffered channel's lock-free
     * poll sees every element a locked look would, so the choice stays uniform among the ready
     * cases. A send case, or an unbuffered channel, can be ready in a way only the locked look
     * sees (a parked receiver, a parked sender), so with one of those pass 0 would favour the
     * buffered cases, and it is skipped.
     */
    private static boolean allBufferedReceives(ChannelClause<?>[] clauses) {
        for (ChannelClause<?> c : clauses) {
            if (!(c instanceof ReceiveClause<?>) || c.channel.capacity() == 0) {
                return false;
            }
        }
        return true;
    }

    /** A select with no channel cases: waits for its timeout, or forever, until interrupted. */
    private static Object awaitNothing(TimeoutClause<?> timeout, long deadline) throws InterruptedException {
        int outcome = new Decision().await(timeout != null, deadline, 0, WaitKind.SELECT_NO_CASES, null);
        if (outcome == Decision.INTERRUPTED) {
            throw new InterruptedException();
        }
        return timeout.then.get();
    }

    /**
     * Locked first by a select among whose channels two share an identity hash, before any of
     * them: a channel used for its lock alone. See {@link #lockOrder(ChannelImpl[], int[])}.
     */
    static final ChannelImpl<?> TIE_BREAK = new ChannelImpl<>(0);

    /** The distinct channels of the clauses, in the order in which to lock them. */
    private static ChannelImpl<?>[] lockOrder(ChannelClause<?>[] clauses) {
        int n = clauses.length;
        if (n == 1) {
            return new ChannelImpl<?>[] {clauses[0].channel};
        }
        ChannelImpl<?>[] channels = new ChannelImpl<?>[n];
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            channels[i] = clauses[i].channel;
            keys[i] = System.identityHashCode(channels[i]);
        }
        return lockOrder(channels, keys);
    }

    /**
     * Sorts {@code channels} by {@code keys} (their identity hashes) in place, drops repeats,
     * and returns them, with {@link #TIE_BREAK} first if two distinct channels share a key.
     *
     * <p>Why no two selects can deadlock. Every thread that holds more than one channel lock
     * took them in increasing key order. Only threads holding {@code TIE_BREAK} may hold two
     * channels of equal key, and they take it before any channel, so at any moment at most one
     * thread holds such a pair; the order it chose between equal keys, added to the key order,
     * is one total order that every lock holder follows, and locks taken in one total order
     * cannot form a cycle. The key costs the channel no field: a rank of its own, assigned
     * from a counter, would make every channel 8 bytes larger, and would wrap around anyway on a
     * server that makes a channel per request.
     */
    static ChannelImpl<?>[] lockOrder(ChannelImpl<?>[] channels, int[] keys) {
        int n = channels.length;
        int distinct = 0;
        boolean tie = false;
        for (int i = 0; i < n; i++) {                         // insertion sort: selects are small
            ChannelImpl<?> c = channels[i];
            int k = keys[i];
            int j = distinct;
            while (j > 0 && keys[j - 1] > k) {
                j--;
            }
            boolean repeat = false;
            for (int e = j - 1; e >= 0 && keys[e] == k; e--) {
                if (channels[e] == c) {
                    repeat = true;                            // same channel twice: lock it once
                    break;
                }
                tie = true;
            }
            if (repeat) {
                continue;
            }
            System.arraycopy(channels, j, channels, j + 1, distinct - j);
            System.arraycopy(keys, j, keys, j + 1, distinct - j);
            channels[j] = c;
            keys[j] = k;
            distinct++;
        }
        if (!tie) {
            return distinct == n ? channels : Arrays.copyOf(channels, distinct);
        }
        ChannelImpl<?>[] order = new ChannelImpl<?>[distinct + 1];
        order[0] = TIE_BREAK;
        System.arraycopy(channels, 0, order, 1, distinct);
        return order;
    }

    private static int[] randomPermutation(int n) {
        int[] p = new int[n];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {                         // inside-out Fisher-Yates
            int j = random.nextInt(i + 1);
            p[i] = p[j];
            p[j] = i;
        }
        return p;
    }

    private static void lockAll(ChannelImpl<?>[] order) {
        for (ChannelImpl<?> c : order) {
            c.lock();
        }
    }

    private static void unlockAll(ChannelImpl<?>[] order) {
        for (int i = order.length - 1; i >= 0; i--) {
            order[i].unlock();
        }
    }

    // ---------------------------------------------------------------- clauses

    /** A case on a channel: the four steps the passes need, each for one direction. */
    abstract static sealed class ChannelClause<R> implements SelectCase<R> permits SendClause, ReceiveClause {
        final ChannelImpl<?> channel;

        ChannelClause(ChannelImpl<?> channel) {
            this.channel = channel;
        }

        /** Under the channel's lock: completes now if ready; returns the outcome, null if not ready. */
        abstract Object tryLocked();

        abstract QueuedWaiter newWaiter(Decision decision, int caseIndex);

        /** Under the channel's lock: queues the waiter; false if the case became ready meanwhile. */
        abstract boolean enqueueLocked(QueuedWaiter w);

        /** The outcome of this case's waiter, once the select was decided for it. */
        abstract Object outcomeOf(Waiter w);

        /** With every lock released: runs the case's code for the outcome. */
        abstract R complete(Object outcome);

        /** Once the select is over, chosen or not, for a clause a {@link Deferred} case began. */
        void end() {
        }
    }

    /**
     * A case that is not a channel of its own (a semaphore's acquire): each select it takes
     * part in {@link #begin begins} it, which yields a channel clause for that select alone,
     * and calls that clause's {@link ChannelClause#end} once the select is over, however it
     * ends. So a case object may serve any number of selects, one after another or at once.
     */
    interface Deferred<R> extends SelectCase<R> {
        /** The clause for one select. */
        ChannelClause<R> begin();
    }

    static final class SendClause<R> extends ChannelClause<R> {
        private static final Object SENT = Boolean.TRUE;
        private final Object value;
        private final Supplier<? extends R> then;

        SendClause(ChannelImpl<?> channel, Object value, Supplier<? extends R> then) {
            super(channel);
            this.value = value;
            this.then = then;
        }

        @Override
        Object tryLocked() {
            int st = channel.putLocked(value);
            return st == ChannelImpl.SENT ? SENT : st == ChannelImpl.WAS_CLOSED ? Waiter.CLOSED : null;
        }

        @Override
        QueuedWaiter newWaiter(Decision decision, int caseIndex) {
            return new SelectWaiter(decision, caseIndex, value);
        }

        @Override
        boolean enqueueLocked(QueuedWaiter w) {
            return channel.enqueueSenderLocked(w);
        }

        @Override
        Object outcomeOf(Waiter w) {
            return w.item == Waiter.CLOSED ? Waiter.CLOSED : SENT;
        }

        @Override
        R complete(Object outcome) {
            if (outcome == Waiter.CLOSED) {
                throw ChannelClosedException.sendOnClosed();
            }
            return then.get();
        }
    }

    static non-sealed class ReceiveClause<R> extends ChannelClause<R> {
        private final Function<Object, ? extends R> then;
        private final boolean reportsClosure;

        /**
         * @param reportsClosure true for {@code onReceiveOk}: {@code then} takes an Optional and
         *        gets an empty one on closure; false for {@code onReceive}: closure throws
         */
        @SuppressWarnings("unchecked")
        ReceiveClause(ChannelImpl<?> channel, Function<?, ? extends R> then, boolean reportsClosure) {
            super(channel);
            this.then = (Function<Object, ? extends R>) then;
            this.reportsClosure = reportsClosure;
        }

        @Override
        Object tryLocked() {
            return channel.takeLocked();
        }

        @Override
        QueuedWaiter newWaiter(Decision decision, int caseIndex) {
            return new SelectWaiter(decision, caseIndex, null);
        }

        @Override
        boolean enqueueLocked(QueuedWaiter w) {
            return channel.enqueueReceiverLocked(w);
        }

        @Override
        Object outcomeOf(Waiter w) {
            return w.awaitResult();
        }

        @Override
        R complete(Object outcome) {
            boolean closed = outcome == Waiter.CLOSED;
            if (reportsClosure) {
                return then.apply(closed ? Optional.empty() : Optional.of(outcome));
            }
            if (closed) {
                throw ChannelClosedException.receiveFromClosed();
            }
            return then.apply(outcome);
        }
    }

    static final class DefaultClause<R> implements SelectCase<R> {
        final Supplier<? extends R> then;

        DefaultClause(Supplier<? extends R> then) {
            this.then = then;
        }
    }

    static final class TimeoutClause<R> implements SelectCase<R> {
        final Duration timeout;
        final Supplier<? extends R> then;

        TimeoutClause(Duration timeout, Supplier<? extends R> then) {
            this.timeout = timeout;
            this.then = then;
        }
    }

    /**
     * What a parked select waits on, as its park's blocker: its channels, for thread dumps and
     * {@link Diagnostics}.
     */
    private record SelectBlocker(ChannelClause<?>[] clauses) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("select on ");
            for (int i = 0; i < clauses.length; i++) {
                b.append(i == 0 ? "" : ", ").append(clauses[i] instanceof SendClause<?> ? "send to " : "receive from ")
                        .append(clauses[i].channel);
            }
            return b.toString();
        }
    }
}
