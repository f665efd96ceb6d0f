/**
 * JUnit 5 support for tests of code that uses channels: {@link dev.channels.test.InBubble} runs
 * a test in a {@link dev.channels.Synctest} bubble.
 */
module dev.channels.test {
    exports dev.channels.test;

    requires transitive dev.channels;
    requires transitive org.junit.jupiter.api;
}
