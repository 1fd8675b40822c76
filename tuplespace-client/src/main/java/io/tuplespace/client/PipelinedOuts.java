package io.tuplespace.client;

import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleSpaceException;

/**
 * The sending side of pipelined outs ({@link TupleSpace#outAsync(Tuple)}): queue tuples into batches, bound the
 * batches in flight, and wait for their acknowledgements on {@link #flush()}. Thread-safe.
 */
final class PipelinedOuts
{
    private static final long MAX_ASYNC_BATCHES_IN_FLIGHT = 16;

    private final ClientConnection connection;
    private final RequestProxy requestProxy;
    private final AsyncOuts asyncOuts;
    private final OutboundTuples outbound;

    PipelinedOuts(final ClientConnection connection, final OutboundTuples outbound)
    {
        this.connection = connection;
        this.requestProxy = connection.requestProxy();
        this.asyncOuts = connection.asyncOuts();
        this.outbound = outbound;
    }

    /**
     * Queue a tuple; waits only when a batch went out and too many are unacknowledged.
     *
     * @throws LimitExceededException if it is larger than the server accepts.
     */
    void queue(final Tuple tuple, final long leaseMs, final long transactionId)
    {
        connection.checkOpen();
        final Tuple sent = outbound.externalize(tuple);
        if (requestProxy.queue(sent, outbound.checkedLength(sent), leaseMs, transactionId) &&
            asyncOuts.inFlight() > MAX_ASYNC_BATCHES_IN_FLIGHT)
        {
            connection.awaitAsyncOutsAtMost(MAX_ASYNC_BATCHES_IN_FLIGHT);
        }
    }

    /**
     * Send the partial batch now, without waiting for acknowledgements.
     */
    void sendQueued()
    {
        connection.checkOpen();
        requestProxy.sendPendingBatch();
    }

    /**
     * Send the partial batch and wait until every batch is acknowledged.
     *
     * @throws TupleSpaceException the first rejection since the last flush.
     */
    void flush()
    {
        connection.checkOpen();
        requestProxy.sendPendingBatch();
        connection.awaitAsyncOutsAtMost(0);
        final TupleSpaceException rejection = asyncOuts.takeRejection();
        if (null != rejection)
        {
            throw rejection;
        }
    }
}
