package io.tuplespace.examples.bench;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * One side of the {@code bench-wakeup} ping-pong; the bench runs one, the peer process the other. The sides take
 * turns: the writer of round k waits until the server's counters show the partner's take for round k waiting,
 * stamps {@link System#nanoTime()} into the partner's wake-up and writes it, then at once takes its own wake-up of
 * round k + 1; the partner's take returns and records now minus the stamp. {@code nanoTime} is CLOCK_MONOTONIC on
 * Linux, one clock for every process of the machine, so the two stamps compare across processes.
 * <p>
 * <b>Why the take is blocked when the write reaches the server.</b> The partner's take for round k is the k-th
 * take request of the run: each side sends a take only after its previous write, and no other process takes. The
 * server handles requests one at a time, in order, on one thread, and counts a take before it matches or queues it.
 * So once it has counted {@code baseTakes + k} takes, the take of round k is ahead of this write, and since only
 * this write can match it, the server queues it as waiting before it reads the write. The write is sent after
 * that, so it always finds the take waiting, by construction rather than by luck; the bench checks at the end that
 * the server counted exactly the protocol's takes. (The waiting requests gauge is no proof: the server publishes
 * its gauges at most once a millisecond.)
 * Not thread-safe.
 */
final class WakeUpSide
{
    private final WakeUpSpace space;
    private final ServerTakeCounters counters;
    private final boolean isFirstWriter;
    private final IdleStrategy idle;

    /**
     * @param space         this side's connection.
     * @param counters      the server's.
     * @param isFirstWriter true for the side that writes rounds 1, 3, 5... (the bench); the other takes them.
     * @param idle          how to wait for the counters.
     */
    WakeUpSide(
        final WakeUpSpace space,
        final ServerTakeCounters counters,
        final boolean isFirstWriter,
        final IdleStrategy idle)
    {
        this.space = space;
        this.counters = counters;
        this.isFirstWriter = isFirstWriter;
        this.idle = idle;
    }

    /**
     * Play every round of a run.
     *
     * @param run what to measure.
     * @return this side's wake-ups in nanoseconds, the rounds after the warmup it took.
     * @throws IllegalStateException if the partner or the server stops answering (30 s), or a take gets a wake-up
     *                               of another round.
     */
    Histogram play(final WakeUpRun run)
    {
        final Histogram histogram = new Histogram(3);
        for (long round = 1; round <= run.rounds(); round++)
        {
            if ((1 == (round & 1)) == isFirstWriter)
            {
                final long seenNs = counters.awaitTake(run.baseTakes() + round, idle);
                parkUntil(seenNs + run.blockedNs());
                space.write(round, System.nanoTime());
            }
            else
            {
                final long sentNs = space.take(round);
                final long wakeUpNs = System.nanoTime() - sentNs;
                if (wakeUpNs < 0)
                {
                    throw new IllegalStateException("a stamp from the future (" + wakeUpNs + " ns): the processes " +
                        "do not share System.nanoTime's clock");
                }
                if (round > run.warmup())
                {
                    histogram.recordValue(wakeUpNs);
                }
            }
        }
        return histogram;
    }

    private static void parkUntil(final long deadlineNs)
    {
        long remainingNs;
        while ((remainingNs = deadlineNs - System.nanoTime()) > 0)
        {
            LockSupport.parkNanos(remainingNs);
        }
    }
}
