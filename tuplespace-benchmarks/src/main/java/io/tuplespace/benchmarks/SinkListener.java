package io.tuplespace.benchmarks;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.NoMatchReason;
import io.tuplespace.core.ResponseListener;
import io.tuplespace.core.TupleBatch;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A {@link ResponseListener} that allocates nothing: it counts results and feeds what it is given to a JMH
 * {@link Blackhole}, if it has one, so the engine's work cannot be optimised away. Errors are counted and the last
 * message kept for a check outside the measurement.
 * <p>
 * Not thread-safe: one engine thread.
 */
final class SinkListener implements ResponseListener
{
    private final Blackhole blackhole;
    long outsAccepted;
    long tuplesDelivered;
    long noMatches;
    long errors;
    long lastTransactionId;
    String lastError;

    /**
     * @param blackhole to consume results into, or null to only count them.
     */
    SinkListener(final Blackhole blackhole)
    {
        this.blackhole = blackhole;
    }

    /**
     * {@inheritDoc}
     */
    public void onLease(final long sessionId, final long correlationId, final long leaseId, final long grantedMs)
    {
        outsAccepted++;
    }

    public void onTransaction(
        final long sessionId, final long correlationId, final long transactionId, final long grantedMs)
    {
        outsAccepted++;
        lastTransactionId = transactionId;
    }

    public void onRegistration(
        final long sessionId, final long correlationId, final long registrationId, final long grantedMs)
    {
        outsAccepted++;
    }

    public void onEvent(
        final long sessionId,
        final long registrationId,
        final long sequenceNumber,
        final DirectBuffer tuple,
        final int offset,
        final int length)
    {
        outsAccepted++;
    }

    public void onOutAccepted(final long sessionId, final long correlationId)
    {
        outsAccepted++;
        if (null != blackhole)
        {
            blackhole.consume(correlationId);
        }
    }

    /**
     * {@inheritDoc}
     */
    public boolean onTuple(
        final long sessionId, final long correlationId, final DirectBuffer tuple, final int offset, final int length)
    {
        tuplesDelivered++;
        if (null != blackhole)
        {
            blackhole.consume(tuple);
            blackhole.consume(offset);
            blackhole.consume(length);
        }
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean onTuples(final long sessionId, final long correlationId, final TupleBatch tuples)
    {
        tuplesDelivered += tuples.count();
        if (null != blackhole)
        {
            blackhole.consume(tuples);
        }
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public void onNoMatch(final long sessionId, final long correlationId, final NoMatchReason reason)
    {
        noMatches++;
        if (null != blackhole)
        {
            blackhole.consume(reason);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onError(final long sessionId, final long correlationId, final ErrorCode code, final String message)
    {
        errors++;
        lastError = code + ": " + message;
    }
}
