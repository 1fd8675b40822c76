package io.tuplespace.client;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.Limit;
import io.tuplespace.core.InvalidTupleException;
import io.tuplespace.core.TupleSpaceException;

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
    private final AtomicReference<Rejection> firstRejection = new AtomicReference<>();

    /**
     * The server's answer to a batch it refused.
     */
    private record Rejection(ErrorCode code, Limit limit, long limitValue, String message)
    {
    }

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

    void onRejected(final ErrorCode code, final Limit limit, final long limitValue, final String message)
    {
        firstRejection.compareAndSet(null, new Rejection(code, limit, limitValue, message));
        inFlight.decrementAndGet();
    }

    /**
     * @return the first rejection since the last call, as the exception to throw for it, or null:
     * {@link LimitExceededException} when the batch would have crossed a limit, {@link InvalidTupleException}
     * otherwise.
     */
    TupleSpaceException takeRejection()
    {
        final Rejection rejection = firstRejection.getAndSet(null);
        if (null == rejection)
        {
            return null;
        }
        final String message = "a pipelined out was rejected, the tuples of its batch are not in the space: ";
        if (ErrorCode.LIMIT_EXCEEDED == rejection.code)
        {
            return new LimitExceededException(rejection.limit, rejection.limitValue, message + rejection.message);
        }
        return new InvalidTupleException(message + rejection.code + ": " + rejection.message);
    }
}
