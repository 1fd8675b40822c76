package io.tuplespace.client;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.Limit;
import io.tuplespace.codecs.NoMatchReason;
import io.tuplespace.core.Tuple;

import java.util.List;

/**
 * The slot a calling thread waits on until the response to its request arrives. Written once by whichever thread
 * polls the response subscription; {@link #isDone} is the volatile publication point, after which no other thread
 * touches it, so the calling thread may {@link #prepare} it for its next request.
 */
final class PendingRequest
{
    enum Outcome
    {
        CONNECTED, OUT_ACCEPTED, LEASE, TRANSACTION, REGISTRATION, TUPLE, TUPLES, NO_MATCH, ERROR
    }

    long correlationId;
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
    /** Held by its thread's current call: read and written by that thread alone. */
    boolean isInUse;
    private volatile boolean isDone;

    /**
     * Clear what a previous request left and take a new correlation id; the registration that follows publishes
     * the cleared fields to the polling threads.
     */
    void prepare(final long correlationId)
    {
        this.correlationId = correlationId;
        outcome = null;
        tuple = null;
        tuples = null;
        noMatchReason = null;
        errorCode = null;
        errorMessage = null;
        exceededLimit = null;
        limitValue = 0;
        maxTupleLength = 0;
        leaseId = 0;
        transactionId = 0;
        registrationId = 0;
        cursor = 0;
        grantedMs = 0;
        isDone = false;
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
