package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import org.agrona.DirectBuffer;

/**
 * The outs of a {@link TupleSpaceEngine}, single or batched, plain, leased or under a transaction: validated and
 * admitted whole before anything changes, then handed to waiting requests or stored (through {@link TupleDelivery})
 * and reported to event registrations, or, under a transaction, stored hidden from all but it. Owns which tuples
 * get lease ids and which events a write raises.
 */
final class TupleWrites
{
    private static final long NO_LEASE = 0;

    private final ResponseListener listener;
    private final StoredTuples stored;
    private final TupleLeases leases;
    private final Transactions transactions;
    private final EventRegistrations events;
    private final TupleDelivery delivery;
    private final LimitGuard guard;
    private final RequestChecks checks;
    private final FieldsView requestView = new FieldsView();
    private final FieldsView batchView = new FieldsView();

    TupleWrites(
        final ResponseListener listener,
        final StoredTuples stored,
        final TupleLeases leases,
        final Transactions transactions,
        final EventRegistrations events,
        final TupleDelivery delivery,
        final LimitGuard guard,
        final RequestChecks checks)
    {
        this.listener = listener;
        this.stored = stored;
        this.leases = leases;
        this.transactions = transactions;
        this.events = events;
        this.delivery = delivery;
        this.guard = guard;
        this.checks = checks;
    }

    /**
     * A plain out, answered {@link ResponseListener#onOutAccepted}.
     */
    void out(
        final long sessionId,
        final long correlationId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final String invalid = requestView.wrapTuple(buffer, offset, length);
        if (null != invalid)
        {
            listener.onError(sessionId, correlationId, ErrorCode.INVALID_TUPLE, "invalid tuple: " + invalid);
            return;
        }
        if (!guard.admitsTuple(sessionId, correlationId, requestView, length, false))
        {
            return;
        }
        delivery.place(requestView, buffer, offset, length, false);
        onChange(EventRegistrations.Change.WRITTEN, requestView, buffer, offset, length);
        listener.onOutAccepted(sessionId, correlationId);
    }

    /**
     * An out with a lease ({@code leaseMs} not 0, answered {@link ResponseListener#onLease}) or a transaction (not
     * {@link Transactions#NONE}) or both.
     */
    void out(
        final long sessionId,
        final long correlationId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long leaseMs,
        final long transactionId,
        final long nowMs)
    {
        final String invalid = requestView.wrapTuple(buffer, offset, length);
        if (null != invalid)
        {
            listener.onError(sessionId, correlationId, ErrorCode.INVALID_TUPLE, "invalid tuple: " + invalid);
            return;
        }
        final boolean isLeased = NO_LEASE != leaseMs;
        if (isLeased && !checks.isValidLease(sessionId, correlationId, leaseMs))
        {
            return;
        }
        final Transactions.Transaction transaction = checks.transactionOf(sessionId, correlationId, transactionId);
        if ((Transactions.NONE != transactionId && null == transaction) ||
            !guard.admitsTuple(sessionId, correlationId, requestView, length, isLeased))
        {
            return;
        }
        final long leaseId = isLeased ? leases.newLeaseId() : 0;
        final int handle;
        if (null == transaction)
        {
            handle = delivery.place(requestView, buffer, offset, length, isLeased);
            onChange(EventRegistrations.Change.WRITTEN, requestView, buffer, offset, length);
        }
        else
        {
            handle = stored.add(requestView, buffer, offset, length, isLeased);
            transactions.markWritten(transaction, handle);
            if (!events.isEmpty())
            {
                events.onWriteUnder(transaction.id, requestView, buffer, offset, length, listener);
            }
        }
        if (isLeased && TupleArena.NULL != handle)
        {
            leases.track(leaseId, handle, leaseMs, nowMs);
        }
        if (isLeased)
        {
            listener.onLease(sessionId, correlationId, leaseId, leaseMs);
        }
        else
        {
            listener.onOutAccepted(sessionId, correlationId);
        }
    }

    /**
     * Several outs in one request, all validated and admitted first, answered once.
     */
    void outBatch(
        final long sessionId,
        final long correlationId,
        final TupleBatch tuples,
        final long leaseMs,
        final long transactionId,
        final long nowMs)
    {
        for (int i = 0, count = tuples.count(); i < count; i++)
        {
            final String invalid = batchView.wrapTuple(tuples.buffer(i), tuples.offset(i), tuples.length(i));
            if (null != invalid)
            {
                listener.onError(sessionId, correlationId, ErrorCode.INVALID_TUPLE,
                    "invalid tuple " + i + " of " + count + ", none added: " + invalid);
                return;
            }
        }
        final boolean isLeased = NO_LEASE != leaseMs;
        if (isLeased && !checks.isValidLease(sessionId, correlationId, leaseMs))
        {
            return;
        }
        final Transactions.Transaction transaction = checks.transactionOf(sessionId, correlationId, transactionId);
        if ((Transactions.NONE != transactionId && null == transaction) ||
            !guard.admitsBatch(sessionId, correlationId, tuples, isLeased))
        {
            return;
        }
        for (int i = 0, count = tuples.count(); i < count; i++)
        {
            batchView.wrapStoredTuple(tuples.buffer(i), tuples.offset(i));
            final int handle;
            if (null == transaction)
            {
                handle = delivery.place(batchView, tuples.buffer(i), tuples.offset(i), tuples.length(i), isLeased);
                onChange(EventRegistrations.Change.WRITTEN, batchView, tuples.buffer(i), tuples.offset(i),
                    tuples.length(i));
            }
            else
            {
                handle = stored.add(batchView, tuples.buffer(i), tuples.offset(i), tuples.length(i), isLeased);
                transactions.markWritten(transaction, handle);
            }
            if (isLeased && TupleArena.NULL != handle)
            {
                leases.track(TupleLeases.NO_LEASE_ID, handle, leaseMs, nowMs);
            }
        }
        listener.onOutAccepted(sessionId, correlationId);
    }

    private void onChange(
        final EventRegistrations.Change change,
        final FieldsView tuple,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (!events.isEmpty())
        {
            events.onChange(change, tuple, buffer, offset, length, listener);
        }
    }
}
