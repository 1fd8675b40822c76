package io.tuplespace.examples.bench;

import io.tuplespace.client.call.Calls;
import io.tuplespace.examples.calls.CallFunctions;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The call measurements, against call-worker JVMs serving {@code echo}: the round trip of a blocking
 * {@code call}, the rate of unchunked {@code callAsync}, and the rate of a chunked {@code map} of trivial calls.
 * Each checks every result. Not thread-safe.
 */
final class CallBench
{
    private final Calls calls;

    CallBench(final Calls calls)
    {
        this.calls = calls;
    }

    /**
     * Time blocking calls of {@code echo}, one at a time.
     *
     * @return round-trip times in nanoseconds.
     */
    Histogram callRtt(final int warmup, final int samples)
    {
        final Histogram histogram = new Histogram(3);
        for (long i = 0; i < warmup + samples; i++)
        {
            final long startNs = System.nanoTime();
            final long result = calls.call(CallFunctions.ECHO, i);
            final long rttNs = System.nanoTime() - startNs;
            if (result != i)
            {
                throw new IllegalStateException("call echo(" + i + ") returned " + result);
            }
            if (i >= warmup)
            {
                histogram.recordValue(rttNs);
            }
        }
        return histogram;
    }

    /**
     * {@code callAsync} every call, one tuple each, then wait for all the results.
     *
     * @return calls per second, from the first call until the last result.
     */
    double callAsyncRate(final int count)
    {
        final List<CompletableFuture<Long>> results = new ArrayList<>(count);
        final long startNs = System.nanoTime();
        for (long i = 0; i < count; i++)
        {
            results.add(calls.callAsync(CallFunctions.ECHO, i));
        }
        for (int i = 0; i < count; i++)
        {
            if (results.get(i).join() != i)
            {
                throw new IllegalStateException("callAsync echo(" + i + ") returned " + results.get(i).join());
            }
        }
        return count * 1e9 / (System.nanoTime() - startNs);
    }

    /**
     * {@code map} of {@code echo} over the inputs with the default chunk size.
     *
     * @return inputs per second, from the call of map until it returns.
     */
    double mapRate(final List<Long> inputs)
    {
        final long startNs = System.nanoTime();
        final List<Long> results = calls.map(CallFunctions.ECHO, inputs);
        final long elapsedNs = System.nanoTime() - startNs;
        if (!results.equals(inputs))
        {
            throw new IllegalStateException("map echo returned other results than its inputs");
        }
        return inputs.size() * 1e9 / elapsedNs;
    }
}
