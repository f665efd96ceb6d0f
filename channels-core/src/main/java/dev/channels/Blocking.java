package dev.channels;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Every durable park of the library passes here: a goroutine blocked on something only another
 * goroutine can release (a channel operation, a select, a group's await, a sleep), as opposed
 * to the short waits for a lock holder or an operation in flight, which do not.
 *
 * <p>Outside a bubble, with diagnostics off and no JFR recording of
 * {@code dev.channels.ChannelBlocked}, {@link #enter} reads one static field and the event
 * type's enabled flag and returns null, and the park is a plain {@link LockSupport#park}: the
 * blocker it passes is the channel (or the select, the group), so a thread dump, a debugger and
 * {@link LockSupport#getBlocker} show what the goroutine waits on at no cost. Otherwise
 * {@code enter} records the goroutine in {@link #BLOCKED} (for {@link Diagnostics}), tells its
 * bubble that one more member is blocked, and begins the JFR event; {@link #exit} undoes that.
 * A timed park inside a bubble waits for the bubble's fake clock instead of the real one.
 */
final class Blocking {
    /** Reasons to record parks: diagnostics on, and each live bubble. 0: none. */
    private static volatile int watchers;
    private static final AtomicInteger WATCHERS = new AtomicInteger();

    /** The goroutines blocked now, while anything watches. */
    static final ConcurrentHashMap<Thread, Entry> BLOCKED = new ConcurrentHashMap<>();

    private Blocking() {
    }

    /** One blocked goroutine: what it waits for, on what, since when (its clock's nanos). */
    static final class Entry {
        final Thread thread;
        final WaitKind kind;
        final Object on;
        final long since;
        final Bubble bubble;
        ChannelEvents.Blocked event;

        Entry(Thread thread, WaitKind kind, Object on, long since, Bubble bubble) {
            this.thread = thread;
            this.kind = kind;
            this.on = on;
            this.since = since;
            this.bubble = bubble;
        }
    }

    static void watch(boolean start) {
        watchers = WATCHERS.addAndGet(start ? 1 : -1);
    }

    /** True while anything watches parks or the clock (a bubble, diagnostics). */
    static boolean watched() {
        return watchers != 0;
    }

    /**
     * Before a durable park of the current thread on {@code on}: null if nothing watches, else
     * the entry to pass to the parks and to {@link #exit}.
     */
    static Entry enter(WaitKind kind, Object on) {
        if (watchers == 0 && !ChannelEvents.blockedEnabled()) {
            return null;
        }
        return enterWatched(kind, on);
    }

    private static Entry enterWatched(WaitKind kind, Object on) {
        Bubble bubble = watchers != 0 ? Bubble.current() : null;
        Thread me = Thread.currentThread();
        Entry e = new Entry(me, kind, on, Timers.nanoTime(), bubble);
        if (bubble != null || Diagnostics.isEnabled()) {
            BLOCKED.put(me, e);
        }
        if (ChannelEvents.blockedEnabled()) {
            e.event = new ChannelEvents.Blocked();
            e.event.begin();
        }
        if (bubble != null) {
            bubble.blocked(true);
        }
        return e;
    }

    /** After the park that {@code e} entered (null: nothing to undo). */
    static void exit(Entry e) {
        if (e == null) {
            return;
        }
        if (e.bubble != null) {
            e.bubble.blocked(false);
        }
        BLOCKED.remove(e.thread, e);
        ChannelEvents.Blocked ev = e.event;
        if (ev != null) {
            ev.end();
            if (ev.shouldCommit()) {
                ev.operation = e.kind.label;
                ev.channel = Diagnostics.describe(e.on);
                ev.capacity = e.on instanceof ReceiveChannel<?> c ? c.capacity() : -1;
                ev.commit();
            }
        }
    }

    /** Parks until unparked (or spuriously), as {@link LockSupport#park(Object)}. */
    static void park(Object on) {
        LockSupport.park(on);
    }

    /**
     * Parks for up to {@code nanos} of the thread's clock: the real one, or its bubble's fake
     * one (then until the bubble's time has advanced that far, or an unpark).
     */
    static void parkNanos(Object on, long nanos, Entry e) {
        if (e != null && e.bubble != null) {
            e.bubble.parkNanos(on, nanos);
        } else {
            LockSupport.parkNanos(on, nanos);
        }
    }
}
