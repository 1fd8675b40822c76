package io.tuplespace.examples.bench;

import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;

/**
 * The single-client measurements of the tuple space: {@code rd} and {@code in} round trips of a present tuple, and
 * pipelined {@code out} throughput. Each leaves the space as it found it (empty of bench tuples). Not thread-safe.
 */
final class TupleSpaceBench
{
    /** Matches every tuple this class outs. */
    static final Template BENCH = Template.of("bench", Formal.LONG, Formal.DOUBLE);

    /** The most tuples one {@link TupleSpace#inAll} takes while clearing. */
    private static final int CLEAR_BATCH = 4096;

    private final TupleSpace space;

    TupleSpaceBench(final TupleSpace space)
    {
        this.space = space;
    }

    /**
     * Time {@code rd} of a tuple that is present all along.
     *
     * @param warmup  calls first, not recorded.
     * @param samples calls recorded.
     * @return round-trip times in nanoseconds.
     */
    Histogram rd(final int warmup, final int samples)
    {
        space.out(Tuple.of("bench", 1L, 2.5));
        final Histogram histogram = new Histogram(3);
        for (int i = 0; i < warmup + samples; i++)
        {
            final long startNs = System.nanoTime();
            final Tuple tuple = space.rd(BENCH);
            final long rttNs = System.nanoTime() - startNs;
            if (1L != tuple.getLong(1))
            {
                throw new IllegalStateException("rd returned " + tuple);
            }
            if (i >= warmup)
            {
                histogram.recordValue(rttNs);
            }
        }
        expectCleared(1);
        return histogram;
    }

    /**
     * Time {@code in} of a present tuple: out a batch untimed (pipelined), then time each {@code in} that takes
     * one of them; repeat.
     *
     * @param warmup    calls first, not recorded.
     * @param samples   calls recorded.
     * @param batchSize tuples put in the space before each round of timed {@code in}s.
     * @return round-trip times in nanoseconds.
     */
    Histogram in(final int warmup, final int samples, final int batchSize)
    {
        final Histogram histogram = new Histogram(3);
        long nextId = 0;
        int done = 0;
        while (done < warmup + samples)
        {
            final int batch = Math.min(batchSize, warmup + samples - done);
            for (int i = 0; i < batch; i++)
            {
                space.outAsync(Tuple.of("bench", nextId + i, 2.5));
            }
            space.flush();
            for (int i = 0; i < batch; i++)
            {
                final long startNs = System.nanoTime();
                final Tuple tuple = space.in(BENCH);
                final long rttNs = System.nanoTime() - startNs;
                if (nextId + i != tuple.getLong(1))
                {
                    throw new IllegalStateException("in returned " + tuple + ", expected id " + (nextId + i));
                }
                if (done + i >= warmup)
                {
                    histogram.recordValue(rttNs);
                }
            }
            nextId += batch;
            done += batch;
        }
        return histogram;
    }

    /**
     * Pipelined {@code out} from this one client: {@code outAsync} each tuple, then {@code flush}; then take them
     * all out again, untimed, and check none is missing.
     *
     * @param tuples how many to out.
     * @return tuples per second, from the first {@code outAsync} until {@code flush} returns.
     */
    double outThroughput(final long tuples)
    {
        final long startNs = System.nanoTime();
        for (long id = 0; id < tuples; id++)
        {
            space.outAsync(Tuple.of("bench", id, 2.5));
        }
        space.flush();
        final long elapsedNs = System.nanoTime() - startNs;
        expectCleared(tuples);
        return tuples * 1e9 / elapsedNs;
    }

    private void expectCleared(final long expected)
    {
        long cleared = 0;
        List<Tuple> taken;
        while (!(taken = space.inAll(BENCH, CLEAR_BATCH, Duration.ZERO)).isEmpty())
        {
            cleared += taken.size();
        }
        if (expected != cleared)
        {
            throw new IllegalStateException("expected " + expected + " bench tuples in the space, found " + cleared);
        }
    }
}
