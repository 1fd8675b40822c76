package io.tuplespace.client;

import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleSpaceEngine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.tuplespace.client.ClientConnection.throwIfError;

/**
 * The match requests behind {@code in}, {@code rd} and their variants: send one, wait for its answer (an interrupt
 * asks the server to cancel a waiting one), and turn the answer into tuples. Thread-safe.
 */
final class MatchRequests
{
    private final ClientConnection connection;
    private final RequestProxy requestProxy;
    private final OutboundTuples outbound;

    MatchRequests(final ClientConnection connection, final OutboundTuples outbound)
    {
        this.connection = connection;
        this.requestProxy = connection.requestProxy();
        this.outbound = outbound;
    }

    /**
     * @return the matching tuple, or empty if none matched in time.
     */
    Optional<Tuple> match(
        final MatchOperation operation, final long timeoutMs, final long transactionId, final Template template)
    {
        return Optional.ofNullable(matchOrNull(operation, timeoutMs, transactionId, template));
    }

    /**
     * @return the matching tuple, or null if none matched in time: what blocking {@code in} and {@code rd} return
     * without an Optional to allocate.
     */
    Tuple matchOrNull(
        final MatchOperation operation, final long timeoutMs, final long transactionId, final Template template)
    {
        return matchOneOrNull(operation, timeoutMs, transactionId, false, template);
    }

    /**
     * @return up to {@code maxTuples} matching tuples, oldest first; empty only if none matched in time.
     */
    List<Tuple> matchAll(
        final MatchOperation operation,
        final long timeoutMs,
        final int maxTuples,
        final long transactionId,
        final Template template)
    {
        final PendingRequest request = connection.registerOwn();
        try
        {
            send(request, operation, timeoutMs, maxTuples, transactionId, false, template);
            return PendingRequest.Outcome.TUPLES == request.outcome ? request.tuples :
                PendingRequest.Outcome.TUPLE == request.outcome ? List.of(request.tuple) : List.of();
        }
        finally
        {
            connection.release(request);
        }
    }

    /**
     * A match that waits only while a matching tuple is held by another transaction.
     *
     * @param timeout how long to wait for held matches; null waits as long as needed.
     * @return the matching tuple, or empty.
     */
    Optional<Tuple> matchIfExists(
        final MatchOperation operation, final Duration timeout, final Transaction transaction, final Template template)
    {
        return Optional.ofNullable(matchOneOrNull(
            operation, toTimeoutOrForeverMs(timeout), Transactions.idOf(transaction), true, template));
    }

    /**
     * @throws IllegalArgumentException if the timeout is negative.
     */
    static long toTimeoutMs(final Duration timeout)
    {
        if (timeout.isNegative())
        {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        return timeout.toMillis();
    }

    /**
     * @return as {@link #toTimeoutMs(Duration)}, with null for waiting forever.
     */
    static long toTimeoutOrForeverMs(final Duration timeout)
    {
        return null == timeout ? TupleSpaceEngine.WAIT_FOREVER : toTimeoutMs(timeout);
    }

    private Tuple matchOneOrNull(
        final MatchOperation operation,
        final long timeoutMs,
        final long transactionId,
        final boolean isIfExists,
        final Template template)
    {
        final PendingRequest request = connection.registerOwn();
        try
        {
            send(request, operation, timeoutMs, 1, transactionId, isIfExists, template);
            return PendingRequest.Outcome.TUPLE == request.outcome ? request.tuple : null;
        }
        finally
        {
            connection.release(request);
        }
    }

    private void send(
        final PendingRequest request,
        final MatchOperation operation,
        final long timeoutMs,
        final int maxTuples,
        final long transactionId,
        final boolean isIfExists,
        final Template template)
    {
        requestProxy.match(request.correlationId, operation, timeoutMs, maxTuples, transactionId, isIfExists,
            outbound.checked(template));
        connection.awaitResponse(request, TupleSpaceEngine.NO_WAIT != timeoutMs);
        throwIfError(request);
        if (NoMatchReason.CANCELLED == request.noMatchReason)
        {
            Thread.currentThread().interrupt();
            throw new TupleSpaceInterruptedException("interrupted while waiting for " + template);
        }
    }
}
