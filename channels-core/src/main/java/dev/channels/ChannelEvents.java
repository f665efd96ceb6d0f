package dev.channels;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * The library's JFR events, off by default: enable them in a recording's settings, for instance
 * {@code -XX:StartFlightRecording:+dev.channels.ChannelBlocked#enabled=true,filename=app.jfr}
 * (the {@code +} adds a setting for an event the default settings do not know). While JFR has
 * not started they cost a read of a static field per park; while it records without them, a
 * look at each event type's enabled flag.
 */
final class ChannelEvents {
    private ChannelEvents() {
    }

    /** True while a recording wants {@link Blocked} events. */
    static boolean blockedEnabled() {
        // Until some recording has started, JFR is not even initialized: say no without
        // registering the event types, which loads about a hundred classes of JFR.
        return FlightRecorder.isInitialized() && Types.BLOCKED != null && Types.BLOCKED.isEnabled();
    }

    /** True while a recording wants {@link ClosedWithWaiters} events. */
    static boolean closedEnabled() {
        return FlightRecorder.isInitialized() && Types.CLOSED != null && Types.CLOSED.isEnabled();
    }

    /** The event types, registered on first use, once JFR runs; null on a runtime without JFR. */
    private static final class Types {
        static final EventType BLOCKED = typeOf(Blocked.class);
        static final EventType CLOSED = typeOf(ClosedWithWaiters.class);

        private static EventType typeOf(Class<? extends Event> c) {
            try {
                return EventType.getEventType(c);
            } catch (RuntimeException | Error noJfr) {
                return null;
            }
        }
    }

    /** A goroutine blocked on a channel operation, a select or a group for longer than the threshold. */
    @Name("dev.channels.ChannelBlocked")
    @Label("Channel Blocked")
    @Category({"channels"})
    @Description("A goroutine blocked on a channel operation, a select, a WaitGroup or an ErrGroup")
    @Enabled(false)
    @Threshold("20 ms")
    @StackTrace(true)
    static final class Blocked extends Event {
        @Label("Operation")
        @Description("chan send, chan receive, select, WaitGroup.await, ...")
        String operation;

        @Label("Channel")
        @Description("The channel's name, or where it was made, or its identity; for a select, its channels")
        String channel;

        @Label("Capacity")
        int capacity;
    }

    /** A channel closed while goroutines waited on it: they all wake, senders with an exception. */
    @Name("dev.channels.ChannelClosedWithWaiters")
    @Label("Channel Closed With Waiters")
    @Category({"channels"})
    @Description("A channel was closed while goroutines were parked on it")
    @Enabled(false)
    @StackTrace(true)
    static final class ClosedWithWaiters extends Event {
        @Label("Channel")
        String channel;

        @Label("Capacity")
        int capacity;

        @Label("Senders Woken")
        int senders;

        @Label("Receivers Woken")
        int receivers;
    }
}
