package io.tuplespace.client;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.Limit;
import io.tuplespace.codecs.NoMatchReason;
import io.tuplespace.core.Tuple;

import java.util.List;

/**
 * The slot a calling thread waits on until the response to its request arrives. Written once by whichever thread
 * polls the response subscription; {@link #isDone} is the volatile publication point.
 */
final class PendingRequest
{
    enum Outcome
    {
        CONNECTED, OUT_ACCEPTED, LEASE, TRANSACTION, REGISTRATION, TUPLE, TUPLES, NO_MATCH, ERROR
    }

    final long correlationId;
    Outcome outcome;
    Tuple tuple;
    List<Tuple> tuples;
    NoMatchReason noMatchReason;
    ErrorCode errorCode;
    String errorMessage;
    Limit exceededLimit;
    long limitValue;
    int maxTupleLength;
    long leaseId;
    long transactionId;
    long registrationId;
    long cursor;
    long grantedMs;
    private volatile boolean isDone;

    PendingRequest(final long correlationId)
    {
        this.correlationId = correlationId;
    }

    boolean isDone()
    {
        return isDone;
    }

    void complete(final Outcome outcome)
    {
        this.outcome = outcome;
        isDone = true;
    }
}
