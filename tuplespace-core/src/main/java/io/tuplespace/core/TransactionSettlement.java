package io.tuplespace.core;

import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;

/**
 * How a transaction of a {@link TupleSpaceEngine} ends, by commit, abort, lease expiry or its session going away,
 * and what that ending restores and publishes. Commit publishes the transaction's outs (events, then waiting
 * requests) and finalises its takes; abort discards its outs and restores its takes in place. Either way its reads
 * release their locks, the freed tuples are offered to waiting requests, its registrations end, and its own
 * waiting requests are answered. The {@link Transactions} bookkeeping itself stays there.
 */
final class TransactionSettlement
{
    private final ResponseListener listener;
    private final StoredTuples stored;
    private final Transactions transactions;
    private final EventRegistrations events;
    private final TupleDelivery delivery;
    private final WaitingRoom room;
    private final FieldsView eventView = new FieldsView();
    private final IntArrayList settling = new IntArrayList();
    private final ArrayList<Transactions.Transaction> sessionTransactions = new ArrayList<>();

    TransactionSettlement(
        final ResponseListener listener,
        final StoredTuples stored,
        final Transactions transactions,
        final EventRegistrations events,
        final TupleDelivery delivery,
        final WaitingRoom room)
    {
        this.listener = listener;
        this.stored = stored;
        this.transactions = transactions;
        this.events = events;
        this.delivery = delivery;
        this.room = room;
    }

    void commit(final Transactions.Transaction transaction)
    {
        settle(transaction, true);
    }

    void abort(final Transactions.Transaction transaction)
    {
        settle(transaction, false);
    }

    /**
     * Abort every open transaction of a session that has gone away.
     */
    void abortSession(final long sessionId)
    {
        for (final Transactions.Transaction transaction : transactions.ofSession(sessionId, sessionTransactions))
        {
            settle(transaction, false);
        }
    }

    /**
     * Abort the transactions whose lease has expired.
     *
     * @return the number expired.
     */
    int expire(final long nowMs)
    {
        final LongArrayList expiredTransactions = transactions.expire(nowMs);
        for (int i = 0; i < expiredTransactions.size(); i++)
        {
            final Transactions.Transaction transaction = transactions.get(expiredTransactions.getLong(i));
            if (null != transaction)
            {
                settle(transaction, false);
            }
        }
        return expiredTransactions.size();
    }

    /**
     * End a transaction: commit publishes its outs and finalises its takes; abort discards its outs and restores
     * its takes. Either way its reads release their locks and its waiting requests are answered.
     */
    private void settle(final Transactions.Transaction transaction, final boolean isCommit)
    {
        // Its registrations end with it (JavaSpaces), before its outs are published to the others.
        events.endTransaction(transaction.id);
        room.markIfExistsStale();
        copy(transaction.written);
        for (int i = 0; i < settling.size(); i++)
        {
            final int handle = settling.getInt(i);
            if (isCommit)
            {
                transactions.releaseWritten(handle);
                onRecordChange(EventRegistrations.Change.WRITTEN, handle);
                delivery.offerStored(handle);
            }
            else
            {
                delivery.removeRecord(handle);
            }
        }
        copy(transaction.taken);
        for (int i = 0; i < settling.size(); i++)
        {
            final int handle = settling.getInt(i);
            if (isCommit)
            {
                delivery.removeRecord(handle);
            }
            else
            {
                transactions.releaseTaken(handle);
                onRecordChange(EventRegistrations.Change.RESTORED, handle);
                delivery.offerStored(handle);
            }
        }
        copy(transaction.read);
        for (int i = 0; i < settling.size(); i++)
        {
            final int handle = settling.getInt(i);
            transactions.releaseRead(transaction, handle);
            if (transactions.isFree(handle))
            {
                onRecordChange(EventRegistrations.Change.RELEASED, handle);
            }
            delivery.offerStored(handle);
        }
        transactions.end(transaction);
        room.dropWaitersOf(transaction);
        room.answerUnblockedIfExists();
    }

    private void onRecordChange(final EventRegistrations.Change change, final int handle)
    {
        if (!events.isEmpty() && transactions.isFree(handle))
        {
            stored.wrapRecord(handle, eventView);
            events.onChange(change, eventView, stored.buffer(handle), stored.encodedOffset(handle),
                stored.encodedLength(handle), listener);
        }
    }

    /**
     * Settling changes the transaction's own lists, so walk a copy.
     */
    private void copy(final IntArrayList handles)
    {
        settling.clear();
        for (int i = 0; i < handles.size(); i++)
        {
            settling.addInt(handles.getInt(i));
        }
    }
}
