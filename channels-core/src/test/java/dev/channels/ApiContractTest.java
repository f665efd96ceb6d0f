package dev.channels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every name and signature of the fixed public API ({@code shared/API.md}) exists exactly as
 * written: declaring type, modifiers, parameter types, return type and checked exceptions.
 */
class ApiContractTest {

    private static Method method(Class<?> owner, String name, Class<?> returns, Class<?>[] exceptions,
                                 Class<?>... params) throws NoSuchMethodException {
        Method m = owner.getDeclaredMethod(name, params);
        assertTrue(Modifier.isPublic(m.getModifiers()), m + " is public");
        assertEquals(returns, m.getReturnType(), m + " returns " + returns);
        assertArrayEquals(exceptions, m.getExceptionTypes(), m + " throws");
        return m;
    }

    private static final Class<?>[] NONE = {};
    private static final Class<?>[] IE = {InterruptedException.class};

    @Test
    void channelClosedExceptionIsAFinalUncheckedException() {
        assertTrue(Modifier.isFinal(ChannelClosedException.class.getModifiers()));
        assertTrue(Modifier.isPublic(ChannelClosedException.class.getModifiers()));
        assertEquals(RuntimeException.class, ChannelClosedException.class.getSuperclass());
    }

    @Test
    void sendChannel() throws Exception {
        assertTrue(SendChannel.class.isInterface());
        method(SendChannel.class, "send", void.class, IE, Object.class);
        method(SendChannel.class, "trySend", boolean.class, NONE, Object.class);
        method(SendChannel.class, "send", boolean.class, IE, Object.class, Duration.class);
        method(SendChannel.class, "close", void.class, NONE);
        method(SendChannel.class, "isClosed", boolean.class, NONE);
        Method onSend = method(SendChannel.class, "onSend", SelectCase.class, NONE, Object.class, Supplier.class);
        assertEquals(1, onSend.getTypeParameters().length);
    }

    @Test
    void receiveChannel() throws Exception {
        assertTrue(ReceiveChannel.class.isInterface());
        assertTrue(Iterable.class.isAssignableFrom(ReceiveChannel.class));
        method(ReceiveChannel.class, "receive", Object.class, IE);
        method(ReceiveChannel.class, "tryReceive", Object.class, NONE);
        method(ReceiveChannel.class, "receive", Object.class, IE, Duration.class);
        method(ReceiveChannel.class, "isClosed", boolean.class, NONE);
        method(ReceiveChannel.class, "size", int.class, NONE);
        method(ReceiveChannel.class, "capacity", int.class, NONE);
        method(ReceiveChannel.class, "iterator", Iterator.class, NONE);
        Method onReceive = method(ReceiveChannel.class, "onReceive", SelectCase.class, NONE, Function.class);
        assertEquals(1, onReceive.getTypeParameters().length);
    }

    @Test
    void channel() throws Exception {
        assertTrue(Channel.class.isInterface());
        assertTrue(SendChannel.class.isAssignableFrom(Channel.class));
        assertTrue(ReceiveChannel.class.isAssignableFrom(Channel.class));
        Method unbuffered = method(Channel.class, "unbuffered", Channel.class, NONE);
        Method buffered = method(Channel.class, "buffered", Channel.class, NONE, int.class);
        assertTrue(Modifier.isStatic(unbuffered.getModifiers()));
        assertTrue(Modifier.isStatic(buffered.getModifiers()));
    }

    @Test
    void selectAndSelectCase() throws Exception {
        assertTrue(SelectCase.class.isInterface());
        assertEquals(0, SelectCase.class.getDeclaredMethods().length, "opaque");
        assertTrue(Modifier.isFinal(Select.class.getModifiers()));
        Method select = method(Select.class, "select", Object.class, IE, SelectCase[].class);
        assertTrue(select.isVarArgs());
        assertTrue(Modifier.isStatic(select.getModifiers()));
        assertTrue(select.isAnnotationPresent(SafeVarargs.class));
        Method dflt = method(Select.class, "defaultCase", SelectCase.class, NONE, Supplier.class);
        assertTrue(Modifier.isStatic(dflt.getModifiers()));
    }

    @Test
    void channels() throws Exception {
        assertTrue(Modifier.isFinal(Channels.class.getModifiers()));
        Method after = method(Channels.class, "after", ReceiveChannel.class, NONE, Duration.class);
        assertTrue(Modifier.isStatic(after.getModifiers()));
        assertEquals("dev.channels.ReceiveChannel<java.time.Instant>", after.getGenericReturnType().getTypeName());
        assertEquals(Instant.class.getName(), "java.time.Instant");
    }

    @Test
    void waitGroup() throws Exception {
        assertTrue(Modifier.isFinal(WaitGroup.class.getModifiers()));
        Constructor<WaitGroup> c = WaitGroup.class.getConstructor();
        assertTrue(Modifier.isPublic(c.getModifiers()));
        method(WaitGroup.class, "add", void.class, NONE, int.class);
        method(WaitGroup.class, "done", void.class, NONE);
        method(WaitGroup.class, "await", void.class, IE);
        method(WaitGroup.class, "go", void.class, NONE, Goroutine.class);
    }

    // ---------------------------------------------------------------- API.md, "Additions"

    @Test
    void goroutine() throws Exception {
        assertTrue(Goroutine.class.isInterface());
        assertTrue(Goroutine.class.isAnnotationPresent(FunctionalInterface.class));
        method(Goroutine.class, "run", void.class, new Class<?>[] {Exception.class});
    }

    @Test
    void errGroup() throws Exception {
        assertTrue(Modifier.isFinal(ErrGroup.class.getModifiers()));
        assertTrue(Modifier.isPublic(ErrGroup.class.getConstructor().getModifiers()));
        Method withContext = method(ErrGroup.class, "withContext", ErrGroup.class, NONE, Context.class);
        assertTrue(Modifier.isStatic(withContext.getModifiers()));
        method(ErrGroup.class, "context", Context.class, NONE);
        method(ErrGroup.class, "go", void.class, IE, Goroutine.class);
        method(ErrGroup.class, "tryGo", boolean.class, NONE, Goroutine.class);
        method(ErrGroup.class, "setLimit", void.class, NONE, int.class);
        method(ErrGroup.class, "await", void.class,
                new Class<?>[] {InterruptedException.class, java.util.concurrent.ExecutionException.class});
    }

    @Test
    void timerAndTicker() throws Exception {
        assertTrue(Modifier.isFinal(Timer.class.getModifiers()));
        Method ch = method(Timer.class, "channel", ReceiveChannel.class, NONE);
        assertEquals("dev.channels.ReceiveChannel<java.time.Instant>", ch.getGenericReturnType().getTypeName());
        method(Timer.class, "stop", boolean.class, NONE);
        method(Timer.class, "reset", boolean.class, NONE, Duration.class);
        assertTrue(Modifier.isStatic(method(Channels.class, "newTimer", Timer.class, NONE, Duration.class).getModifiers()));
        assertTrue(Modifier.isStatic(
                method(Channels.class, "afterFunc", Timer.class, NONE, Duration.class, Runnable.class).getModifiers()));
        method(Ticker.class, "reset", void.class, NONE, Duration.class);
    }

    @Test
    void contextAdditions() throws Exception {
        method(Context.class, "cause", Throwable.class, NONE);
        method(Context.class, "afterFunc", java.util.function.BooleanSupplier.class, NONE, Runnable.class);
        Method withoutCancel = method(Context.class, "withoutCancel", Context.class, NONE, Context.class);
        assertTrue(Modifier.isStatic(withoutCancel.getModifiers()));
        assertTrue(AutoCloseable.class.isAssignableFrom(CancelableContext.class));
        assertTrue(Context.class.isAssignableFrom(CancelableContext.class));
        method(CancelableContext.class, "cancel", void.class, NONE, Throwable.class);
    }

    // ---------------------------------------------------------------- API.md, "Test support"

    @Test
    void synctestAndDeadlockException() throws Exception {
        assertTrue(Modifier.isFinal(Synctest.class.getModifiers()));
        Method run = method(Synctest.class, "run", void.class, new Class<?>[] {Exception.class}, Goroutine.class);
        assertTrue(Modifier.isStatic(run.getModifiers()));
        Method await = method(Synctest.class, "await", void.class, IE);
        assertTrue(Modifier.isStatic(await.getModifiers()));
        assertTrue(Modifier.isFinal(DeadlockException.class.getModifiers()));
        assertTrue(Modifier.isPublic(DeadlockException.class.getModifiers()));
        assertEquals(RuntimeException.class, DeadlockException.class.getSuperclass());
    }
}
