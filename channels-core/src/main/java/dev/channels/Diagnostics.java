package dev.channels;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.WeakHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the goroutines blocked in this library wait on: Go's goroutine dump, with channels
 * named.
 *
 * <pre>{@code
 * // java -Ddev.channels.diagnostics=true ...      (or Diagnostics.setEnabled(true))
 * System.out.print(Diagnostics.dump());
 *
 * // goroutine 41 "" [chan receive, 12.0s]:
 * //         on Channel[jobs, len=0, cap=16]
 * //         at dev.channels.ChannelImpl.receive(ChannelImpl.java:392)
 * //         at com.example.Worker.run(Worker.java:27)
 * }</pre>
 *
 * <h2>What is always there, and what diagnostics add</h2>
 *
 * <ul>
 *   <li>Always, at no cost: a goroutine parked in the library parks with the channel (or the
 *       select, the {@link WaitGroup}) as its blocker, so {@link LockSupport#getBlocker}, a
 *       debugger and {@code jcmd <pid> Thread.dump_to_file} show what it waits on; a channel
 *       made with a name ({@link Channel#unbuffered(String)}, {@link Channel#buffered(int,
 *       String)}) shows it in its {@code toString}.
 *   <li>With diagnostics on ({@code -Ddev.channels.diagnostics=true} or
 *       {@link #setEnabled}): every goroutine blocked in the library is recorded while it is
 *       blocked, so {@link #blocked()} and {@link #dump()} can list them with what they wait
 *       on, for how long, and their stacks; and a channel made without a name is named by where
 *       it was made (inside a {@link Synctest} bubble too, for its deadlock reports). The cost, measured in JMH, is in {@code docs/diagnostics.md}: one map
 *       insertion and removal per park, nothing on an operation that does not block.
 *   <li>Inside a {@link Synctest} bubble the members are always recorded: that is how a
 *       deadlock is reported.
 * </ul>
 */
public final class Diagnostics {
    private static volatile boolean enabled = Boolean.getBoolean("dev.channels.diagnostics");
    private static final ReentrantLock NAMES_LOCK = new ReentrantLock();
    private static final WeakHashMap<Object, String> NAMES = new WeakHashMap<>();   // guarded by NAMES_LOCK

    static {
        if (enabled) {
            Blocking.watch(true);
        }
    }

    private Diagnostics() {
    }

    /**
     * Whether goroutines blocked in the library are recorded, and unnamed channels named by
     * where they were made.
     *
     * @return true if on
     */
    public static boolean isEnabled() {
        return enabled;
    }

    /**
     * Turns diagnostics on or off for the whole JVM, as {@code -Ddev.channels.diagnostics}
     * does at start. Goroutines already blocked when it is turned on are not listed until they
     * block again; channels already made keep their names.
     *
     * @param on whether to record
     */
    public static void setEnabled(boolean on) {
        NAMES_LOCK.lock();
        try {
            if (on != enabled) {
                enabled = on;
                Blocking.watch(on);
            }
        } finally {
            NAMES_LOCK.unlock();
        }
    }

    /**
     * One goroutine blocked in the library.
     *
     * @param thread the goroutine
     * @param waitingFor what it waits for, as Go's dumps say it: {@code "chan receive"},
     *        {@code "chan send"}, {@code "select"}, {@code "WaitGroup.await"}, ...
     * @param on what it waits on: the channel, the select's channels, the group
     * @param blockedFor how long it has been blocked (on its bubble's clock, in a bubble)
     * @param stack its stack, from the library call that blocked it outward
     */
    public record BlockedGoroutine(Thread thread, String waitingFor, String on, Duration blockedFor,
                                   List<StackTraceElement> stack) {
        /** The entry as a Go dump writes one: header, what it waits on, the stack. */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            b.append("goroutine ").append(thread.threadId());
            if (!thread.getName().isEmpty()) {
                b.append(" \"").append(thread.getName()).append('"');
            }
            b.append(" [").append(waitingFor).append(", ").append(format(blockedFor)).append("]:\n");
            if (!on.isEmpty()) {
                b.append("\ton ").append(on).append('\n');
            }
            for (StackTraceElement e : stack) {
                b.append("\tat ").append(e).append('\n');
            }
            return b.toString();
        }
    }

    /**
     * The goroutines blocked in the library now, longest blocked first. Empty unless
     * diagnostics are on (or the caller is in a {@link Synctest} bubble, for its members).
     *
     * @return the blocked goroutines
     */
    public static List<BlockedGoroutine> blocked() {
        List<BlockedGoroutine> all = new ArrayList<>();
        for (Blocking.Entry e : Blocking.BLOCKED.values()) {
            if (e.bubble == null || e.bubble == Bubble.current()) {
                all.add(describe(e));
            }
        }
        all.sort(Comparator.comparing(BlockedGoroutine::blockedFor).reversed());
        return all;
    }

    /**
     * {@link #blocked()} as text, one Go-style entry per goroutine, or a line saying none is
     * blocked (and whether diagnostics are on).
     *
     * @return the dump
     */
    public static String dump() {
        List<BlockedGoroutine> all = blocked();
        if (all.isEmpty()) {
            return enabled ? "no goroutine is blocked in dev.channels\n"
                    : "no goroutine is recorded: diagnostics are off (-Ddev.channels.diagnostics=true)\n";
        }
        StringBuilder b = new StringBuilder();
        for (BlockedGoroutine g : all) {
            b.append(g).append('\n');
        }
        return b.toString();
    }

    /**
     * Prints {@link #dump()}.
     *
     * @param out where to
     */
    public static void dump(PrintStream out) {
        out.print(dump());
        out.flush();
    }

    // ---------------------------------------------------------------- names

    /** Names {@code channel} (for its toString and dumps); replaces an earlier name. */
    static void name(Object channel, String name) {
        NAMES_LOCK.lock();
        try {
            NAMES.put(channel, name);
        } finally {
            NAMES_LOCK.unlock();
        }
    }

    /** Called for each channel made without a name: with diagnostics on, names it by where. */
    static void created(Object channel) {
        created(channel, null);
    }

    /**
     * Called for each channel the library makes for its own use ({@code what}, such as
     * {@code "Timer.C"}) and each a user makes without a name ({@code what} null): with
     * diagnostics on, names it by what it is and where the user's code made it.
     */
    static void created(Object channel, String what) {
        if (!enabled && !(Blocking.watched() && Bubble.current() != null)) {
            return;                               // named only with diagnostics on, or in a bubble
        }
        String site = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(f -> !isLibrary(f.getDeclaringClass()))
                .findFirst()
                .map(f -> "made at " + f.getFileName() + ":" + f.getLineNumber())
                .orElse(null));
        String name = what == null ? site : site == null ? what : what + " " + site;
        if (name != null) {
            name(channel, name);
        }
    }

    /** Whether {@code c} is one of this library's classes (not a user's class in its package). */
    private static boolean isLibrary(Class<?> c) {
        java.security.CodeSource mine = Diagnostics.class.getProtectionDomain().getCodeSource();
        java.security.CodeSource theirs = c.getProtectionDomain().getCodeSource();
        return c.getPackageName().equals("dev.channels") && mine != null && mine.equals(theirs);
    }

    /** {@link #isLibrary(Class)} by name, for stack trace elements; JDK classes count too. */
    private static boolean isLibraryOrJdk(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")) {
            return true;
        }
        if (!className.startsWith("dev.channels.") || className.indexOf('.', "dev.channels.".length()) >= 0) {
            return false;
        }
        return LIBRARY_CLASSES.computeIfAbsent(className, n -> {
            try {
                return isLibrary(Class.forName(n, false, Diagnostics.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        });
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Boolean> LIBRARY_CLASSES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The name of {@code channel}, or null. */
    static String nameOf(Object channel) {
        NAMES_LOCK.lock();
        try {
            return NAMES.get(channel);
        } finally {
            NAMES_LOCK.unlock();
        }
    }

    /** What a goroutine blocked on {@code on} waits on, in words. */
    static String describe(Object on) {
        return on == null || on instanceof Bubble ? "" : on.toString();
    }

    private static BlockedGoroutine describe(Blocking.Entry e) {
        long nanos = (e.bubble != null ? e.bubble.nanoTime() : Timers.nanoTime()) - e.since;
        return new BlockedGoroutine(e.thread, e.kind.label, describe(e.on), Duration.ofNanos(Math.max(0L, nanos)),
                userStack(e.thread.getStackTrace()));
    }

    /**
     * The stack from the library call that blocked outward: the JDK's parking frames and the
     * library's inner frames are dropped, the frame of the call the user made is kept, and so
     * are the user's frames, down to where the goroutine was started.
     */
    static List<StackTraceElement> userStack(StackTraceElement[] stack) {
        int first = -1;
        for (int i = 0; i < stack.length; i++) {
            if (!isLibraryOrJdk(stack[i].getClassName())) {
                first = i > 0 ? i - 1 : 0;
                break;
            }
        }
        if (first < 0) {
            // No frame of the user's (a goroutine started on a method reference, say): keep
            // the library call just above where the goroutine started.
            for (int i = 1; i < stack.length; i++) {
                String c = stack[i].getClassName();
                if (c.equals("dev.channels.Goroutines") || c.equals("dev.channels.Bubble")) {
                    return List.of(stack[i - 1]);
                }
            }
            return List.of();
        }
        int last = stack.length - 1;
        while (last > first && isLibraryOrJdk(stack[last].getClassName())) {
            last--;                                    // the goroutine's start, the JDK's run
        }
        return List.of(stack).subList(first, last + 1);
    }

    /** Go's style: seconds with one decimal under a minute, then minutes. */
    static String format(Duration d) {
        long s = d.toSeconds();
        if (s >= 120) {
            return (s / 60) + " minutes";
        }
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    /** The report of a deadlocked bubble: Go's first line, then each member. */
    static String deadlockReport(Bubble bubble) {
        StringBuilder b = new StringBuilder("all goroutines are asleep - deadlock!\n");
        for (Thread t : bubble.members()) {
            Blocking.Entry e = Blocking.BLOCKED.get(t);
            b.append('\n');
            if (e != null) {
                b.append(describe(e));
            } else {
                b.append("goroutine ").append(t.threadId()).append(" [running]:\n");
            }
        }
        return b.toString();
    }
}
