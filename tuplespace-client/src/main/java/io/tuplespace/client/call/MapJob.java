package io.tuplespace.client.call;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code map}: its results in input order, filled in as chunk results arrive, and the future completed once
 * all have. Thread-safe.
 *
 * @param <T> the results' type.
 */
final class MapJob<T>
{
    private final String function;
    private final Object[] results;
    private final long deadlineNs;
    private final CompletableFuture<List<T>> future = new CompletableFuture<>();
    // Counts inputs still to come back, plus one until every chunk is sent, so it cannot reach 0 early.
    private final AtomicInteger outstanding;

    MapJob(final String function, final int inputs, final long deadlineNs)
    {
        this.function = function;
        this.results = new Object[inputs];
        this.deadlineNs = deadlineNs;
        this.outstanding = new AtomicInteger(inputs + 1);
    }

    String function()
    {
        return function;
    }

    long deadlineNs()
    {
        return deadlineNs;
    }

    CompletableFuture<List<T>> future()
    {
        return future;
    }

    void set(final int index, final Object result)
    {
        results[index] = result;
    }

    /**
     * A chunk's results are all {@link #set}.
     */
    void chunkDone(final int count)
    {
        countDown(count);
    }

    void allSent()
    {
        countDown(1);
    }

    void fail(final Throwable error)
    {
        future.completeExceptionally(error);
    }

    @SuppressWarnings("unchecked")
    private void countDown(final int count)
    {
        // The atomic decrement orders the plain writes of the results before the read of the last one to finish.
        if (0 == outstanding.addAndGet(-count))
        {
            future.complete(Collections.unmodifiableList((List<T>)Arrays.asList(results)));
        }
    }
}
