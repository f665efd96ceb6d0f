package dev.channels.test;

import dev.channels.DeadlockException;
import dev.channels.Synctest;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs each test method in a {@link Synctest} bubble, Go's {@code synctest.Test(t, f)} with
 * Uber's goleak folded in: the test runs on a goroutine of a new bubble, on the bubble's fake
 * clock (an hour's timeout passes at once, deterministically), and fails with a
 * {@link DeadlockException} naming every goroutine and what it waits on if they all block for
 * ever, or if any is still blocked once the test method has returned.
 *
 * <pre>{@code
 * @InBubble                                   // or @ExtendWith(SynctestExtension.class)
 * class TokenCacheTest {
 *     @Test
 *     void refreshesBeforeTheTokenExpires() throws Exception {
 *         var cache = TokenCache.start(Duration.ofHours(1));
 *         Channels.sleep(Duration.ofMinutes(59));          // fake time: returns at once
 *         assertEquals(2, cache.refreshes());
 *     }
 * }
 * }</pre>
 *
 * <p>The test method and the goroutines it starts through the library are in the bubble;
 * {@code @BeforeEach}, {@code @AfterEach} and the test instance's constructor run outside it,
 * on real time, so goroutines they start are not members. Parameterized tests and repeated
 * tests run each invocation in a bubble of its own.
 */
public final class SynctestExtension implements InvocationInterceptor {
    /** Made by JUnit, from {@code @ExtendWith} or {@link InBubble}. */
    public SynctestExtension() {
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                    ExtensionContext context) throws Throwable {
        inBubble(invocation);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext context) throws Throwable {
        inBubble(invocation);
    }

    private static void inBubble(Invocation<Void> invocation) throws Throwable {
        Synctest.run(() -> {
            try {
                invocation.proceed();
            } catch (Throwable t) {
                throw SynctestExtension.<RuntimeException>sneaky(t);
            }
        });
    }

    /** Rethrows {@code t} as it is (an {@link AssertionError} stays one). */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
