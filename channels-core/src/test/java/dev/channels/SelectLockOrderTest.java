package dev.channels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The global order in which a select locks its channels: by identity hash, each channel once,
 * and the tie-break lock first when two distinct channels share a hash. Equal hashes are too
 * rare to meet by chance, so these tests hand {@link Select#lockOrder(ChannelImpl[], int[])}
 * the keys.
 */
@Timeout(30)
class SelectLockOrderTest {

    private static ChannelImpl<?> channel() {
        return (ChannelImpl<?>) Channel.<Integer>unbuffered();
    }

    @Test
    void channelsAreSortedByKey() {
        ChannelImpl<?> a = channel();
        ChannelImpl<?> b = channel();
        ChannelImpl<?> c = channel();
        ChannelImpl<?>[] order = Select.lockOrder(new ChannelImpl<?>[] {c, a, b}, new int[] {30, 10, 20});
        assertArrayEquals(new ChannelImpl<?>[] {a, b, c}, order);
    }

    @Test
    void aChannelNamedTwiceIsLockedOnce() {
        ChannelImpl<?> a = channel();
        ChannelImpl<?> b = channel();
        ChannelImpl<?>[] order = Select.lockOrder(new ChannelImpl<?>[] {b, a, b}, new int[] {7, 3, 7});
        assertArrayEquals(new ChannelImpl<?>[] {a, b}, order);
    }

    @Test
    void distinctChannelsWithEqualKeysAreLockedAfterTheTieBreak() {
        ChannelImpl<?> a = channel();
        ChannelImpl<?> b = channel();
        ChannelImpl<?> c = channel();
        ChannelImpl<?>[] order = Select.lockOrder(
                new ChannelImpl<?>[] {b, c, a, b}, new int[] {5, 9, 5, 5});
        assertEquals(4, order.length, Arrays.toString(order));
        assertSame(Select.TIE_BREAK, order[0]);
        assertEquals(Set.of(a, b), Set.of(order[1], order[2]));
        assertSame(c, order[3]);
    }

    @Test
    void noTieBreakWithoutEqualKeys() {
        ChannelImpl<?>[] order = Select.lockOrder(new ChannelImpl<?>[] {channel(), channel()}, new int[] {1, 2});
        assertTrue(Arrays.stream(order).noneMatch(c -> c == Select.TIE_BREAK));
    }
}
