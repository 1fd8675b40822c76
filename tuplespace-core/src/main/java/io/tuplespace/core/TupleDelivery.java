package io.tuplespace.core;

import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;

/**
 * How tuples of a {@link TupleSpaceEngine} reach requesters, and leave storage: an arriving (or newly freed) tuple
 * is handed to the waiting requests it matches before it is stored, an arriving request is answered from the stored
 * matches, and a taken or otherwise gone tuple is removed together with its lease and transaction holds. Owns the
 * count of takes that could not be delivered and the byte budget of one bulk answer.
 * <p>
 * The rules it keeps are the engine's: every matching waiting rd sees a tuple before the oldest matching waiting in
 * takes it, a stored match is the oldest, and a tuple whose delivery fails stays in the space (a failed bulk take's
 * tuples go back as the youngest). Allocates nothing.
 */
final class TupleDelivery
{
    private static final int TAKEN = -1;

    private final ResponseListener listener;
    private final StoredTuples stored;
    private final TupleLeases leases;
    private final Transactions transactions;
    private final WaitingRoom room;
    private final WaitingRequests waiting;
    private final FieldsView offerView = new FieldsView();
    private final FieldsView returnView = new FieldsView();
    private final LongArrayList readLocks = new LongArrayList();
    private final StagedTuples staged = new StagedTuples();
    private int maxBatchBytes = TupleSpaceEngine.DEFAULT_MAX_BATCH_BYTES;
    private long undeliveredTakes;

    TupleDelivery(
        final ResponseListener listener,
        final StoredTuples stored,
        final TupleLeases leases,
        final Transactions transactions,
        final WaitingRoom room)
    {
        this.listener = listener;
        this.stored = stored;
        this.leases = leases;
        this.transactions = transactions;
        this.room = room;
        this.waiting = room.requests();
    }

    void maxBatchBytes(final int maxBatchBytes)
    {
        this.maxBatchBytes = maxBatchBytes;
    }

    /**
     * @return takes not delivered, whose tuples stayed in or went back to the space.
     */
    long undeliveredTakes()
    {
        return undeliveredTakes;
    }

    /**
     * A visible tuple arrives: hand it to waiting requests, store it unless a taker without a transaction took it.
     *
     * @param isLeased whether a stored record needs room for a lease.
     * @return the stored record, or {@link TupleArena#NULL} if a waiting taker took the tuple.
     */
    int place(final FieldsView tuple, final DirectBuffer buffer, final int offset, final int length,
        final boolean isLeased)
    {
        final int outcome = handToWaiters(tuple, buffer, offset, length, TupleArena.NULL, isLeased);
        if (TAKEN == outcome)
        {
            return TupleArena.NULL;
        }
        final int handle = TupleArena.NULL != outcome ? outcome : stored.add(tuple, buffer, offset, length, isLeased);
        applyReadLocks(handle);
        return handle;
    }

    /**
     * A stored record has just become free of transactions (commit, abort, released lock): show it to the waiting
     * requests that could not have it before.
     */
    void offerStored(final int handle)
    {
        if (!transactions.isFree(handle))
        {
            return;
        }
        stored.wrapRecord(handle, offerView);
        final int outcome = handToWaiters(
            offerView, stored.buffer(handle), stored.encodedOffset(handle), stored.encodedLength(handle), handle,
            stored.isLeased(handle));
        if (TAKEN != outcome)
        {
            applyReadLocks(handle);
        }
    }

    /**
     * Remove a stored record for good, with its lease and any transaction's hold on it.
     */
    void removeRecord(final int handle)
    {
        if (stored.isLeased(handle))
        {
            leases.onRemoved(handle);
        }
        if (stored.isInTransaction(handle))
        {
            transactions.forget(handle);
            room.markIfExistsStale();
        }
        stored.remove(handle);
    }

    /**
     * Answer an in or rd with the oldest visible stored match, if any.
     *
     * @param template    validated view of the request's template.
     * @param transaction the request's transaction, or null.
     * @return whether it was answered (also when the delivery failed).
     */
    boolean matchStored(
        final long sessionId,
        final long correlationId,
        final MatchOperation operation,
        final FieldsView template,
        final Transactions.Transaction transaction)
    {
        final int match = stored.findOldest(
            template, transactions.requester(null == transaction ? Transactions.NONE : transaction.id, operation));
        if (TupleArena.NULL == match)
        {
            return false;
        }
        final boolean delivered = listener.onTuple(
            sessionId, correlationId, stored.buffer(match), stored.encodedOffset(match), stored.encodedLength(match));
        if (delivered && MatchOperation.TAKE == operation)
        {
            take(match, transaction);
        }
        else if (MatchOperation.TAKE == operation)
        {
            undeliveredTakes++;
        }
        else if (delivered && null != transaction && transactions.writerOf(match) != transaction)
        {
            transactions.markRead(transaction, match);
        }
        return true;
    }

    /**
     * Answer a bulk take with up to {@code maxTuples} oldest visible stored matches, within the byte budget.
     *
     * @return whether it was answered (also when the delivery failed).
     */
    boolean takeStored(
        final long sessionId,
        final long correlationId,
        final int maxTuples,
        final FieldsView template,
        final Transactions.Transaction transaction)
    {
        staged.clear();
        final long requester = null == transaction ? Transactions.NONE : transaction.id;
        // Under a transaction the tuples taken so far stay stored, hidden: resume after the last one rather than
        // walk past all of them again for each next one.
        long cursor = 0;
        int previous = TupleArena.NULL;
        while (staged.count() < maxTuples)
        {
            final int match = stored.findOldestAfter(
                template, transactions.requester(requester, MatchOperation.TAKE), cursor, previous);
            if (TupleArena.NULL == match ||
                (staged.count() > 0 && staged.bytes() + stored.encodedLength(match) > maxBatchBytes))
            {
                break;
            }
            staged.add(stored.buffer(match), stored.encodedOffset(match), stored.encodedLength(match));
            cursor = null == transaction ? 0 : stored.sequence(match);
            previous = take(match, transaction) ? match : TupleArena.NULL;
        }
        if (0 == staged.count())
        {
            return false;
        }
        // A failed delivery means the session is gone; its transaction, if any, aborts with it and restores.
        if (listener.onTuples(sessionId, correlationId, staged))
        {
            return true;
        }
        undeliveredTakes += staged.count();
        if (null == transaction)
        {
            for (int i = 0; i < staged.count(); i++)
            {
                returnView.wrapTuple(staged.buffer(i), staged.offset(i), staged.length(i));
                stored.add(returnView, staged.buffer(i), staged.offset(i), staged.length(i), false);
            }
        }
        return true;
    }

    /**
     * Answer one page of a walk over the visible stored matches, after the one with sequence {@code afterSequence},
     * within {@code maxTuples} and the byte budget; {@link NoMatchReason#EMPTY} when there are no more.
     */
    void readPage(
        final long sessionId,
        final long correlationId,
        final int maxTuples,
        final long afterSequence,
        final long transactionId,
        final FieldsView template)
    {
        staged.clear();
        long cursor = afterSequence;
        int previous = TupleArena.NULL;
        while (staged.count() < maxTuples)
        {
            final int match = stored.findOldestAfter(
                template, transactions.requester(transactionId, MatchOperation.READ), cursor, previous);
            if (TupleArena.NULL == match ||
                (staged.count() > 0 && staged.bytes() + stored.encodedLength(match) > maxBatchBytes))
            {
                break;
            }
            staged.add(stored.buffer(match), stored.encodedOffset(match), stored.encodedLength(match));
            cursor = stored.sequence(match);
            previous = match;
        }
        staged.cursor(cursor);
        if (0 == staged.count())
        {
            listener.onNoMatch(sessionId, correlationId, NoMatchReason.EMPTY);
        }
        else
        {
            listener.onTuples(sessionId, correlationId, staged);
        }
    }

    private void applyReadLocks(final int handle)
    {
        for (int i = 0; i < readLocks.size(); i++)
        {
            final Transactions.Transaction reader = transactions.get(readLocks.getLong(i));
            if (null != reader)
            {
                transactions.markRead(reader, handle);
            }
        }
        readLocks.clear();
    }

    /**
     * A tuple goes to a taker: removed for good without a transaction, held by the transaction otherwise (its own
     * outs are simply removed).
     */
    /**
     * @return true if the record stays stored, held by the transaction; false if it was removed.
     */
    private boolean take(final int handle, final Transactions.Transaction transaction)
    {
        if (null == transaction || transactions.writerOf(handle) == transaction)
        {
            removeRecord(handle);
            return false;
        }
        transactions.markTaken(transaction, handle);
        return true;
    }

    /**
     * Offer a tuple to the waiting requests: every matching read sees it (reads under a transaction are noted in
     * {@link #readLocks}, to lock the tuple once stored), then the oldest matching taker takes it.
     *
     * @param storedHandle the tuple's record if it is stored already, else {@link TupleArena#NULL}.
     * @param isLeased     whether a record stored here needs room for a lease.
     * @return {@link #TAKEN} if a taker without a transaction took it (removed if it was stored); the record if a
     * transaction took it (stored now if it was not); {@link TupleArena#NULL} if nobody took it.
     */
    private int handToWaiters(
        final FieldsView tuple,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int storedHandle,
        final boolean isLeased)
    {
        readLocks.clear();
        if (0 == waiting.selectCandidates(tuple))
        {
            return TupleArena.NULL;
        }
        for (WaitingRequest read = waiting.firstMatchingRead(tuple); null != read;
            read = waiting.nextMatchingRead(tuple))
        {
            final long sessionId = read.sessionId;
            final long correlationId = read.correlationId;
            if (Transactions.NONE != read.transactionId)
            {
                readLocks.addLong(read.transactionId);
            }
            room.remove(read);
            listener.onTuple(sessionId, correlationId, buffer, offset, length);
        }

        while (true)
        {
            final WaitingRequest taker = waiting.oldestMatchingTaker(tuple);
            if (null == taker)
            {
                return TupleArena.NULL;
            }
            final long sessionId = taker.sessionId;
            final long correlationId = taker.correlationId;
            final boolean isBulk = taker.maxTuples > 1;
            final Transactions.Transaction transaction = transactions.get(taker.transactionId);
            room.remove(taker);
            final boolean delivered;
            if (isBulk)
            {
                staged.clear();
                staged.add(buffer, offset, length);
                delivered = listener.onTuples(sessionId, correlationId, staged);
            }
            else
            {
                delivered = listener.onTuple(sessionId, correlationId, buffer, offset, length);
            }
            if (delivered)
            {
                if (null == transaction)
                {
                    if (TupleArena.NULL != storedHandle)
                    {
                        removeRecord(storedHandle);
                    }
                    readLocks.clear();
                    return TAKEN;
                }
                // Held by the transaction until it ends, so an abort can restore it: it must be stored.
                final int handle = TupleArena.NULL != storedHandle ?
                    storedHandle : stored.add(tuple, buffer, offset, length, isLeased);
                transactions.markTaken(transaction, handle);
                readLocks.clear();
                return handle;
            }
            undeliveredTakes++;
        }
    }
}
