// Package twin is the Go twin of channels-bench: scenarios 1-4 and 6 of the Java benchmarks,
// written in Go with the same element counts per operation, so that `./bench go` measures Go on
// the same machine (GOMAXPROCS=2). Each benchmark reports ns per element (per round trip for
// ping-pong), like its Java twin.
package twin

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"
)

// Scenario 1: ping-pong over two unbuffered channels; one op is one round trip.
func BenchmarkPingPong(b *testing.B) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for i := 0; i < b.N; i++ {
			pong <- <-ping
		}
	}()
	for i := 0; i < b.N; i++ {
		ping <- i
		<-pong
	}
}

// producersConsumers moves b.N elements over one channel of the given capacity, split between
// `pairs` producers and as many consumers.
func producersConsumers(b *testing.B, pairs, capacity int) {
	ch := make(chan int, capacity)
	var wg sync.WaitGroup
	per := b.N / pairs
	for p := 0; p < pairs; p++ {
		n := per
		if p == 0 {
			n += b.N % pairs
		}
		wg.Add(2)
		go func(n int) {
			defer wg.Done()
			for i := 0; i < n; i++ {
				ch <- i
			}
		}(n)
		go func(n int) {
			defer wg.Done()
			for i := 0; i < n; i++ {
				<-ch
			}
		}(n)
	}
	wg.Wait()
}

// Scenario 2: one producer, one consumer; one op is one element.
func BenchmarkOneToOne(b *testing.B) {
	for _, c := range []int{0, 1, 16, 1024} {
		b.Run(fmt.Sprintf("cap=%d", c), func(b *testing.B) { producersConsumers(b, 1, c) })
	}
}

// Scenario 3: four producers, four consumers on one channel; one op is one element.
func BenchmarkFourToFour(b *testing.B) {
	for _, c := range []int{0, 1024} {
		b.Run(fmt.Sprintf("cap=%d", c), func(b *testing.B) { producersConsumers(b, 4, c) })
	}
}

// Scenario 4: one consumer selecting over 2 or 4 channels, each fed by its own producer; one op
// is one element received.
func BenchmarkSelect(b *testing.B) {
	for _, k := range []int{2, 4} {
		for _, c := range []int{0, 128} {
			b.Run(fmt.Sprintf("ch=%d/cap=%d", k, c), func(b *testing.B) { selectReceive(b, k, c) })
		}
	}
}

func selectReceive(b *testing.B, k, capacity int) {
	chs := make([]chan int, 4)
	for i := range chs {
		if i < k {
			chs[i] = make(chan int, capacity)
			n := b.N / k
			if i == 0 {
				n += b.N % k
			}
			go func(ch chan int, n int) {
				for j := 0; j < n; j++ {
					ch <- j
				}
			}(chs[i], n)
		}
		// With k = 2 the last two stay nil, and a nil channel's case never fires.
	}
	for i := 0; i < b.N; i++ {
		select {
		case <-chs[0]:
		case <-chs[1]:
		case <-chs[2]:
		case <-chs[3]:
		}
	}
}

// Scenario 4: the uncontended cost of a select with a default over two empty channels.
func BenchmarkSelectDefault(b *testing.B) {
	a, c := make(chan int), make(chan int, 16)
	for i := 0; i < b.N; i++ {
		select {
		case <-a:
		case <-c:
		default:
		}
	}
}

// Scenario 6: n goroutines each parked receiving on its own unbuffered channel. One op is one
// whole population spawned and parked; the heap each parked goroutine holds (stack included)
// is reported as B/receiver.
func BenchmarkParked(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { parked(b, n) })
	}
}

func parked(b *testing.B, n int) {
	var perReceiver float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		chs := make([]chan int, n)
		for j := range chs {
			chs[j] = make(chan int)
		}
		var started, done sync.WaitGroup
		started.Add(n)
		done.Add(n)
		before := inUse()
		b.StartTimer()
		for _, ch := range chs {
			go func(ch chan int) {
				started.Done()
				<-ch
				done.Done()
			}(ch)
		}
		started.Wait() // each goroutine blocks in its receive right after counting down
		b.StopTimer()
		time.Sleep(10 * time.Millisecond)
		perReceiver = float64(inUse()-before) / float64(n)
		for _, ch := range chs {
			ch <- 1
		}
		done.Wait()
	}
	b.ReportMetric(perReceiver, "B/receiver")
}

// inUse is the memory held by the heap and the goroutine stacks after a collection.
func inUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}
