package io.tuplespace.client;

import io.tuplespace.codecs.ErrorCode;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Book-keeping of pipelined outs: how many batches are unacknowledged, and the first rejection not yet reported.
 * Batches carry correlation ids with {@link #ASYNC_TAG} set, so their responses need no pending-request slot.
 */
final class AsyncOuts
{
    static final long ASYNC_TAG = 1L << 62;

    private final AtomicLong nextCorrelationId = new AtomicLong(ASYNC_TAG);
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicReference<String> firstRejection = new AtomicReference<>();

    static boolean isAsync(final long correlationId)
    {
        return 0 != (correlationId & ASYNC_TAG);
    }

    long nextCorrelationId()
    {
        inFlight.incrementAndGet();
        return nextCorrelationId.incrementAndGet();
    }

    long inFlight()
    {
        return inFlight.get();
    }

    void onAccepted()
    {
        inFlight.decrementAndGet();
    }

    void onRejected(final ErrorCode code, final String message)
    {
        firstRejection.compareAndSet(null, code + ": " + message);
        inFlight.decrementAndGet();
    }

    /**
     * @return the first rejection since the last call, or null.
     */
    String takeRejection()
    {
        return firstRejection.getAndSet(null);
    }
}
