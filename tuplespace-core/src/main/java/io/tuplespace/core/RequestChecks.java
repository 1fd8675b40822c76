package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;

/**
 * The checks of a lease duration or a transaction id that many requests to a {@link TupleSpaceEngine} share. Each
 * answers the request with the error itself when the check fails, so the caller only stops.
 */
final class RequestChecks
{
    private final ResponseListener listener;
    private final Transactions transactions;

    RequestChecks(final ResponseListener listener, final Transactions transactions)
    {
        this.listener = listener;
        this.transactions = transactions;
    }

    /**
     * @return whether {@code leaseMs} is -1 (until cancelled) or positive; otherwise answered
     * {@link ErrorCode#MALFORMED_MESSAGE}.
     */
    boolean isValidLease(final long sessionId, final long correlationId, final long leaseMs)
    {
        if (leaseMs > 0 || TupleLeases.NEVER == leaseMs)
        {
            return true;
        }
        listener.onError(sessionId, correlationId, ErrorCode.MALFORMED_MESSAGE,
            "lease must be -1 (until cancelled) or positive, got " + leaseMs);
        return false;
    }

    /**
     * The transaction a request may name.
     *
     * @return the open transaction, or null for {@link Transactions#NONE} or an unknown one (answered
     * {@link ErrorCode#UNKNOWN_TRANSACTION}).
     */
    Transactions.Transaction transactionOf(final long sessionId, final long correlationId, final long transactionId)
    {
        if (Transactions.NONE == transactionId)
        {
            return null;
        }
        final Transactions.Transaction transaction = transactions.get(transactionId);
        if (null == transaction)
        {
            unknownTransaction(sessionId, correlationId, transactionId);
        }
        return transaction;
    }

    /**
     * The transaction a renew, commit or abort names: one must be named, so 0 (none) is unknown too.
     */
    Transactions.Transaction requiredTransaction(
        final long sessionId, final long correlationId, final long transactionId)
    {
        if (Transactions.NONE == transactionId)
        {
            unknownTransaction(sessionId, correlationId, transactionId);
            return null;
        }
        return transactionOf(sessionId, correlationId, transactionId);
    }

    private void unknownTransaction(final long sessionId, final long correlationId, final long transactionId)
    {
        listener.onError(sessionId, correlationId, ErrorCode.UNKNOWN_TRANSACTION,
            "transaction " + transactionId + " is unknown: it committed, aborted or expired");
    }
}
