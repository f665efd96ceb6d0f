package dev.channels.bench;

import dev.channels.Channel;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 6's population: {@code n} virtual threads, each parked receiving on its own
 * unbuffered channel of one system ({@code channels}, {@code jox}), or parked bare in
 * {@link LockSupport#park()} ({@code bare}, the floor: a virtual thread and nothing else).
 * Shared by {@link ScaleBenchmark} (time) and {@link ParkedHeap} (heap).
 */
final class Parked {
    private final String system;
    private final Thread[] threads;
    private final Object[] channels;

    Parked(String system, int n) {
        this.system = system;
        this.threads = new Thread[n];
        this.channels = new Object[n];
        for (int i = 0; i < n; i++) {
            channels[i] = switch (system) {
                case "channels" -> Channel.<Integer>unbuffered();
                case "jox" -> com.softwaremill.jox.Channel.<Integer>newRendezvousChannel();
                case "bare" -> null;
                default -> throw new IllegalArgumentException("unknown system: " + system);
            };
        }
    }

    /** Starts every thread and returns once each of them is parked. */
    @SuppressWarnings("unchecked")
    void spawnAndPark() {
        Thread.Builder builder = Thread.ofVirtual();
        for (int i = 0; i < threads.length; i++) {
            // Each body is one lambda frame over the receive, like the bare one over park, so
            // the frames a parked thread keeps are the system's own.
            Runnable body = switch (system) {
                case "channels" -> {
                    Channel<Integer> ch = (Channel<Integer>) channels[i];
                    yield () -> {
                        try {
                            ch.receive();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    };
                }
                case "jox" -> {
                    var ch = (com.softwaremill.jox.Channel<Integer>) channels[i];
                    yield () -> {
                        try {
                            ch.receive();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    };
                }
                default -> LockSupport::park;
            };
            threads[i] = builder.start(body);
        }
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
    }

    /** Wakes every thread (a send on its channel, or an unpark) and waits for all to end. */
    @SuppressWarnings("unchecked")
    void release() throws InterruptedException {
        for (int i = 0; i < threads.length; i++) {
            switch (system) {
                case "channels" -> ((Channel<Integer>) channels[i]).send(i);
                case "jox" -> ((com.softwaremill.jox.Channel<Integer>) channels[i]).send(i);
                default -> LockSupport.unpark(threads[i]);
            }
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
