package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;

/**
 * Renew and cancel of what a client holds by lease in a {@link TupleSpaceEngine}: a leased tuple, an event
 * registration, a transaction. All share one shape: a renew checks the duration, extends the lease from now and
 * answers the grant; a cancel ends it and answers 0 granted; either answers an unknown-id error when the lease is
 * gone (expired, cancelled, or for a tuple taken). A cancelled tuple leaves the space, which may leave IfExists
 * requests with nothing to wait for.
 */
final class LeaseRenewals
{
    private final ResponseListener listener;
    private final TupleLeases leases;
    private final EventRegistrations events;
    private final Transactions transactions;
    private final RequestChecks checks;
    private final TupleDelivery delivery;
    private final WaitingRoom room;

    LeaseRenewals(
        final ResponseListener listener,
        final TupleLeases leases,
        final EventRegistrations events,
        final Transactions transactions,
        final RequestChecks checks,
        final TupleDelivery delivery,
        final WaitingRoom room)
    {
        this.listener = listener;
        this.leases = leases;
        this.events = events;
        this.transactions = transactions;
        this.checks = checks;
        this.delivery = delivery;
        this.room = room;
    }

    void renewLease(
        final long sessionId, final long correlationId, final long leaseId, final long leaseMs, final long nowMs)
    {
        if (!checks.isValidLease(sessionId, correlationId, leaseMs))
        {
            return;
        }
        if (leases.renew(leaseId, leaseMs, nowMs))
        {
            listener.onLease(sessionId, correlationId, leaseId, leaseMs);
        }
        else
        {
            unknownLease(sessionId, correlationId, leaseId);
        }
    }

    void cancelLease(final long sessionId, final long correlationId, final long leaseId)
    {
        final int handle = leases.cancel(leaseId);
        if (TupleArena.NULL != handle)
        {
            delivery.removeRecord(handle);
            listener.onLease(sessionId, correlationId, leaseId, 0);
            room.answerUnblockedIfExists();
        }
        else
        {
            unknownLease(sessionId, correlationId, leaseId);
        }
    }

    void renewRegistration(
        final long sessionId, final long correlationId, final long registrationId, final long leaseMs, final long nowMs)
    {
        if (!checks.isValidLease(sessionId, correlationId, leaseMs))
        {
            return;
        }
        if (events.renew(registrationId, leaseMs, nowMs))
        {
            listener.onRegistration(sessionId, correlationId, registrationId, leaseMs);
        }
        else
        {
            unknownRegistration(sessionId, correlationId, registrationId);
        }
    }

    void cancelRegistration(final long sessionId, final long correlationId, final long registrationId)
    {
        if (events.cancel(registrationId))
        {
            listener.onRegistration(sessionId, correlationId, registrationId, 0);
        }
        else
        {
            unknownRegistration(sessionId, correlationId, registrationId);
        }
    }

    /**
     * A transaction is cancelled by abort, which {@link TransactionSettlement} carries out.
     */
    void renewTransaction(
        final long sessionId, final long correlationId, final long transactionId, final long leaseMs, final long nowMs)
    {
        final Transactions.Transaction transaction =
            checks.requiredTransaction(sessionId, correlationId, transactionId);
        if (null != transaction && checks.isValidLease(sessionId, correlationId, leaseMs))
        {
            transactions.renew(transaction, leaseMs, nowMs);
            listener.onTransaction(sessionId, correlationId, transactionId, leaseMs);
        }
    }

    private void unknownLease(final long sessionId, final long correlationId, final long leaseId)
    {
        listener.onError(sessionId, correlationId, ErrorCode.UNKNOWN_LEASE,
            "lease " + leaseId + " is unknown: its tuple was taken, or the lease expired or was cancelled");
    }

    private void unknownRegistration(final long sessionId, final long correlationId, final long registrationId)
    {
        listener.onError(sessionId, correlationId, ErrorCode.UNKNOWN_REGISTRATION,
            "registration " + registrationId + " is unknown: it was cancelled or its lease expired");
    }
}
