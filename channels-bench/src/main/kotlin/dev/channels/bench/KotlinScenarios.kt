// The benchmark scenarios on Kotlin coroutines' channels, for KotlinBenchmark. Coroutines are
// not threads: every scenario runs its coroutines on Dispatchers.Default (one carrier thread per
// core), the way a Kotlin program would, and the calling thread waits in runBlocking.
package dev.channels.bench

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select

object KotlinScenarios {
    /** Scenario 1: [rounds] round trips over two rendezvous channels. */
    @JvmStatic
    fun pingPong(rounds: Int) = runBlocking(Dispatchers.Default) {
        val ping = Channel<Int>(Channel.RENDEZVOUS)
        val pong = Channel<Int>(Channel.RENDEZVOUS)
        launch { repeat(rounds) { pong.send(ping.receive()) } }
        repeat(rounds) {
            ping.send(it)
            pong.receive()
        }
    }

    /** Scenarios 2 and 3: [pairs] producers and as many consumers, [perProducer] elements each. */
    @JvmStatic
    fun producersConsumers(pairs: Int, capacity: Int, perProducer: Int) = runBlocking(Dispatchers.Default) {
        val ch = Channel<Int>(capacity)
        repeat(pairs) {
            launch { repeat(perProducer) { i -> ch.send(i) } }
            launch { repeat(perProducer) { ch.receive() } }
        }
    }

    /** Scenario 4: one consumer selecting [n] times over [channels] channels, each with its own producer. */
    @JvmStatic
    fun selectReceive(channels: Int, capacity: Int, n: Int) = runBlocking(Dispatchers.Default) {
        val chs = List(channels) { Channel<Int>(capacity) }
        for (ch in chs) {
            launch { repeat(n / channels) { i -> ch.send(i) } }
        }
        launch {
            repeat(n) {
                select<Int> {
                    for (ch in chs) {
                        ch.onReceive { it }
                    }
                }
            }
        }
    }

    /** Scenario 4: [n] selects over two empty channels with a default (a zero time-out in Kotlin). */
    @JvmStatic
    fun selectWithDefault(n: Int): Int = runBlocking(Dispatchers.Default) {
        val a = Channel<Int>(Channel.RENDEZVOUS)
        val b = Channel<Int>(16)
        var sum = 0
        repeat(n) {
            sum += select<Int> {
                a.onReceive { it }
                b.onReceive { it }
                onTimeout(0) { -1 }
            }
        }
        sum
    }

    /**
     * Scenario 6: [n] coroutines each suspended receiving on its own rendezvous channel. Calls
     * [whileParked] once all are suspended, then releases them all and waits for them.
     */
    @JvmStatic
    fun parked(n: Int, whileParked: Runnable) = runBlocking(Dispatchers.Default) {
        val chs = Array(n) { Channel<Int>(Channel.RENDEZVOUS) }
        val started = java.util.concurrent.CountDownLatch(n)
        val jobs = ArrayList<Job>(n)
        for (ch in chs) {
            jobs += launch {
                started.countDown()
                ch.receive()
            }
        }
        // A coroutine that has counted down is about to suspend; give the carriers a moment.
        while (started.count > 0) kotlinx.coroutines.yield()
        kotlinx.coroutines.delay(100)
        whileParked.run()
        for (ch in chs) ch.send(1)
        for (j in jobs) j.join()
    }
}
