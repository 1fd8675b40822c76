package io.tuplespace.core;

import io.tuplespace.codecs.MatchOperation;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Book-keeping of open transactions, JavaSpaces style: which stored records each one wrote (invisible to others
 * until commit), took (invisible to all, restored by abort) and read (others may read but not take them until
 * it ends), and when its lease runs out. The records stay in the index in their place; {@link #admits} tells a
 * search whether a requester may have one.
 */
final class Transactions implements StoredTuples.Eligibility, DeadlineTimerWheel.TimerHandler
{
    static final long NONE = 0;
    static final long NEVER = -1;

    /**
     * One open transaction.
     */
    static final class Transaction
    {
        final long id;
        final long sessionId;
        final IntArrayList written = new IntArrayList();
        final IntArrayList taken = new IntArrayList();
        final IntArrayList read = new IntArrayList();
        long timerId = DeadlineTimerWheel.NULL_DEADLINE;

        Transaction(final long id, final long sessionId)
        {
            this.id = id;
            this.sessionId = sessionId;
        }
    }

    private final StoredTuples stored;
    private final TimerWheel timers;
    private final Long2ObjectHashMap<Transaction> byId = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Transaction> byTimerId = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<Transaction> writerOf = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<Transaction> takerOf = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<ArrayList<Transaction>> readersOf = new Int2ObjectHashMap<>();
    private final LongArrayList expired = new LongArrayList();
    private final Long2LongHashMap openBySession = new Long2LongHashMap(0);
    private long nextId = 1;
    private long requester;
    private MatchOperation operation;

    Transactions(final StoredTuples stored, final long nowMs)
    {
        this.stored = stored;
        this.timers = new TimerWheel(nowMs, 1024);
    }

    Transaction begin(final long sessionId, final long leaseMs, final long nowMs)
    {
        final Transaction transaction = new Transaction(nextId++, sessionId);
        byId.put(transaction.id, transaction);
        openBySession.put(sessionId, openBySession.get(sessionId) + 1);
        schedule(transaction, leaseMs, nowMs);
        return transaction;
    }

    Transaction get(final long id)
    {
        return byId.get(id);
    }

    void renew(final Transaction transaction, final long leaseMs, final long nowMs)
    {
        cancelTimer(transaction);
        schedule(transaction, leaseMs, nowMs);
    }

    /**
     * Forget an ended transaction; its records must have been settled by the caller.
     */
    void end(final Transaction transaction)
    {
        cancelTimer(transaction);
        byId.remove(transaction.id);
        final long open = openBySession.get(transaction.sessionId) - 1;
        if (0 == open)
        {
            openBySession.remove(transaction.sessionId);
        }
        else
        {
            openBySession.put(transaction.sessionId, open);
        }
    }

    long openCount()
    {
        return byId.size();
    }

    /**
     * @return the number of open transactions a session began.
     */
    long openCountOf(final long sessionId)
    {
        return openBySession.get(sessionId);
    }

    /**
     * @return the open transactions of a session, for aborting them when it goes.
     */
    ArrayList<Transaction> ofSession(final long sessionId, final ArrayList<Transaction> into)
    {
        into.clear();
        for (final Transaction transaction : byId.values())
        {
            if (transaction.sessionId == sessionId)
            {
                into.add(transaction);
            }
        }
        return into;
    }

    /**
     * Set who is searching, for {@link #admits}.
     *
     * @return this, to pass to {@link StoredTuples#findOldest(FieldsView, StoredTuples.Eligibility)}.
     */
    Transactions requester(final long transactionId, final MatchOperation operation)
    {
        this.requester = transactionId;
        this.operation = operation;
        return this;
    }

    public boolean admits(final int handle)
    {
        final Transaction writer = writerOf.get(handle);
        if (null != writer)
        {
            return writer.id == requester;
        }
        if (null != takerOf.get(handle))
        {
            return false;
        }
        if (MatchOperation.READ == operation)
        {
            return true;
        }
        final ArrayList<Transaction> readers = readersOf.get(handle);
        if (null != readers)
        {
            for (int i = 0; i < readers.size(); i++)
            {
                if (readers.get(i).id != requester)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Is a record matching the template held by a transaction against the requester (JavaSpaces
     * readIfExists/takeIfExists wait only while one is)? Looks only at records transactions hold.
     *
     * @param template  validated view of the template.
     * @param requester the requester's transaction, or {@link #NONE}.
     * @param operation what the requester wants to do with a match: a read lock stops only a take.
     * @param record    scratch view for the records.
     */
    boolean holdsMatch(
        final FieldsView template, final long requester, final MatchOperation operation, final FieldsView record)
    {
        requester(requester, operation);
        for (final Transaction transaction : byId.values())
        {
            if (transaction.id != requester &&
                (holdsMatch(transaction.written, template, record) || holdsMatch(transaction.taken, template, record) ||
                (MatchOperation.TAKE == operation && holdsMatch(transaction.read, template, record))))
            {
                return true;
            }
        }
        return false;
    }

    private boolean holdsMatch(final IntArrayList handles, final FieldsView template, final FieldsView record)
    {
        for (int i = 0, size = handles.size(); i < size; i++)
        {
            final int handle = handles.getInt(i);
            if (!admits(handle))
            {
                stored.wrapRecord(handle, record);
                if (Matcher.matches(template, record))
                {
                    return true;
                }
            }
        }
        return false;
    }

    Transaction writerOf(final int handle)
    {
        return writerOf.get(handle);
    }

    void markWritten(final Transaction transaction, final int handle)
    {
        writerOf.put(handle, transaction);
        transaction.written.addInt(handle);
        stored.markInTransaction(handle, true);
    }

    void markTaken(final Transaction transaction, final int handle)
    {
        takerOf.put(handle, transaction);
        transaction.taken.addInt(handle);
        stored.markInTransaction(handle, true);
    }

    void markRead(final Transaction transaction, final int handle)
    {
        ArrayList<Transaction> readers = readersOf.get(handle);
        if (null == readers)
        {
            readers = new ArrayList<>(2);
            readersOf.put(handle, readers);
        }
        if (!readers.contains(transaction))
        {
            readers.add(transaction);
            transaction.read.addInt(handle);
        }
        stored.markInTransaction(handle, true);
    }

    void releaseWritten(final int handle)
    {
        final Transaction writer = writerOf.remove(handle);
        if (null != writer)
        {
            writer.written.removeInt(handle);
        }
        refreshFlag(handle);
    }

    void releaseTaken(final int handle)
    {
        final Transaction taker = takerOf.remove(handle);
        if (null != taker)
        {
            taker.taken.removeInt(handle);
        }
        refreshFlag(handle);
    }

    void releaseRead(final Transaction transaction, final int handle)
    {
        final ArrayList<Transaction> readers = readersOf.get(handle);
        if (null != readers)
        {
            readers.remove(transaction);
            if (readers.isEmpty())
            {
                readersOf.remove(handle);
            }
        }
        transaction.read.removeInt(handle);
        refreshFlag(handle);
    }

    /**
     * @return true if no transaction holds the record any more.
     */
    boolean isFree(final int handle)
    {
        return null == writerOf.get(handle) && null == takerOf.get(handle) && null == readersOf.get(handle);
    }

    /**
     * Drop every hold on a record that is leaving the store for another reason (expired lease, taken).
     */
    void forget(final int handle)
    {
        releaseWritten(handle);
        releaseTaken(handle);
        final ArrayList<Transaction> readers = readersOf.remove(handle);
        if (null != readers)
        {
            for (int i = 0; i < readers.size(); i++)
            {
                readers.get(i).read.removeInt(handle);
            }
        }
    }

    /**
     * @return ids of transactions whose lease ran out by {@code nowMs}, for the engine to abort.
     */
    LongArrayList expire(final long nowMs)
    {
        expired.clear();
        TimerWheels.expireUntil(timers, nowMs, this);
        return expired;
    }

    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final Transaction transaction = byTimerId.remove(timerId);
        if (null != transaction)
        {
            transaction.timerId = DeadlineTimerWheel.NULL_DEADLINE;
            expired.addLong(transaction.id);
        }
        return true;
    }

    private void refreshFlag(final int handle)
    {
        if (isFree(handle))
        {
            stored.markInTransaction(handle, false);
        }
    }

    private void schedule(final Transaction transaction, final long leaseMs, final long nowMs)
    {
        if (NEVER != leaseMs)
        {
            transaction.timerId = timers.scheduleTimer(TimerWheels.deadline(nowMs, leaseMs));
            byTimerId.put(transaction.timerId, transaction);
        }
    }

    private void cancelTimer(final Transaction transaction)
    {
        if (DeadlineTimerWheel.NULL_DEADLINE != transaction.timerId)
        {
            timers.cancelTimer(transaction.timerId);
            byTimerId.remove(transaction.timerId);
            transaction.timerId = DeadlineTimerWheel.NULL_DEADLINE;
        }
    }
}
