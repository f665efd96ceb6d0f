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
        method(WaitGroup.class, "go", void.class, NONE, Runnable.class);
    }
}
