package io.tuplespace.core;

import io.tuplespace.codecs.Limit;

/**
 * The engine's check of its {@link Limits} before it changes anything: each {@code admits*} method returns true
 * when the request stays within them, and otherwise refuses it through
 * {@link ResponseListener#onLimitExceeded} and returns false, so a refused request leaves the space as it was.
 * <p>
 * Only new data is checked: an out, a batch, an out under a transaction (counted when staged, so its commit is
 * never refused), a request that is about to wait, a transaction about to begin. Tuples that come back (restored
 * by an abort, or returned after a failed delivery) are never refused: they are in the counts already, or were a
 * moment before.
 */
final class LimitGuard
{
    private static final int NOT_IN_BATCH = -1;

    private final StoredTuples stored;
    private final WaitingRequests waiting;
    private final Transactions transactions;
    private final EventRegistrations events;
    private final ResponseListener listener;
    private final ArenaPlan plan;
    private Limits limits = Limits.unbounded();

    LimitGuard(
        final StoredTuples stored,
        final WaitingRequests waiting,
        final Transactions transactions,
        final EventRegistrations events,
        final ResponseListener listener)
    {
        this.stored = stored;
        this.waiting = waiting;
        this.transactions = transactions;
        this.events = events;
        this.listener = listener;
        this.plan = new ArenaPlan(stored.arena());
    }

    void limits(final Limits limits)
    {
        this.limits = limits;
    }

    /**
     * A template's size and field count.
     */
    boolean admitsTemplate(
        final long sessionId, final long correlationId, final FieldsView template, final int length)
    {
        return admitsShape(sessionId, correlationId, "template", NOT_IN_BATCH, template.count(), length);
    }

    /**
     * A tuple to be stored: its size and field count, and room for one more record.
     */
    boolean admitsTuple(
        final long sessionId,
        final long correlationId,
        final FieldsView tuple,
        final int length,
        final boolean isLeased)
    {
        if (!admitsShape(sessionId, correlationId, "tuple", NOT_IN_BATCH, tuple.count(), length))
        {
            return false;
        }
        plan.reset();
        plan.add(StoredTuples.recordLengthOf(tuple.count(), length, isLeased));
        return admitsStored(sessionId, correlationId, 1, "this tuple");
    }

    /**
     * A batch of validated tuples, all or none: each one's shape, and room for all of them.
     */
    boolean admitsBatch(
        final long sessionId, final long correlationId, final TupleBatch tuples, final boolean isLeased)
    {
        plan.reset();
        for (int i = 0, count = tuples.count(); i < count; i++)
        {
            final int fieldCount = FieldsView.countOfValidTuple(tuples.buffer(i), tuples.offset(i));
            if (!admitsShape(sessionId, correlationId, "tuple", i, fieldCount, tuples.length(i)))
            {
                return false;
            }
            plan.add(StoredTuples.recordLengthOf(fieldCount, tuples.length(i), isLeased));
        }
        return admitsStored(sessionId, correlationId, tuples.count(), "this batch");
    }

    /**
     * A request that found no match and is about to wait.
     */
    boolean admitsWaiting(final long sessionId, final long correlationId)
    {
        return admitsOneMore(sessionId, correlationId, Limit.WAITING_REQUESTS_PER_CLIENT,
            waiting.countOfSession(sessionId), limits.maxWaitingPerClient(),
            "requests waiting; this one found no match and was not queued");
    }

    /**
     * A transaction about to begin.
     */
    boolean admitsTransaction(final long sessionId, final long correlationId)
    {
        return admitsOneMore(sessionId, correlationId, Limit.TRANSACTIONS_PER_CLIENT,
            transactions.openCountOf(sessionId), limits.maxTransactionsPerClient(), "transactions open");
    }

    /**
     * An event registration about to be made.
     */
    boolean admitsRegistration(final long sessionId, final long correlationId)
    {
        return admitsOneMore(sessionId, correlationId, Limit.REGISTRATIONS_PER_CLIENT,
            events.countOfSession(sessionId), limits.maxRegistrationsPerClient(), "event registrations");
    }

    /**
     * A per-client limit: room for one more of what the client holds {@code held} of.
     */
    private boolean admitsOneMore(
        final long sessionId,
        final long correlationId,
        final Limit limit,
        final long held,
        final int max,
        final String what)
    {
        if (held < max)
        {
            return true;
        }
        return refuse(sessionId, correlationId, limit, max, "reached", "this client has " + max + " " + what);
    }

    /**
     * @param batchIndex the tuple's place in its batch, or {@link #NOT_IN_BATCH}; the message is built only on
     *                   refusal, so an admitted request allocates nothing.
     */
    private boolean admitsShape(
        final long sessionId,
        final long correlationId,
        final String what,
        final int batchIndex,
        final int fieldCount,
        final int length)
    {
        if (length > limits.maxTupleBytes())
        {
            return refuse(sessionId, correlationId, Limit.TUPLE_BYTES, limits.maxTupleBytes(), "exceeded",
                describe(what, batchIndex) + " has " + length + " encoded bytes");
        }
        if (fieldCount > limits.maxTupleFields())
        {
            return refuse(sessionId, correlationId, Limit.TUPLE_FIELDS, limits.maxTupleFields(), "exceeded",
                describe(what, batchIndex) + " has " + fieldCount + " fields");
        }
        return true;
    }

    private static String describe(final String what, final int batchIndex)
    {
        return NOT_IN_BATCH == batchIndex ? what : what + " " + batchIndex + " of the batch";
    }

    /**
     * Room for tuples whose records are in {@link #plan}: the stored tuples limit, and the stored bytes limit twice,
     * on the records' blocks and on the arena's chunks (at most the limit rounded up to whole chunks), so memory
     * stays bounded however tuple sizes vary.
     */
    private boolean admitsStored(final long sessionId, final long correlationId, final int tuples, final String what)
    {
        final long maxBytes = limits.maxStoredBytes();
        if (stored.count() + tuples > limits.maxStoredTuples())
        {
            return refuse(sessionId, correlationId, Limit.STORED_TUPLES, limits.maxStoredTuples(), "reached",
                "the space holds " + stored.count() + " tuples and " + what + " adds " + tuples + "; nothing added");
        }
        if (stored.recordBytes() + plan.blockBytes() > maxBytes)
        {
            return refuse(sessionId, correlationId, Limit.STORED_BYTES, maxBytes, "reached",
                "stored records hold " + stored.recordBytes() + " bytes and " + what + " needs " + plan.blockBytes() +
                "; nothing added");
        }
        final int chunks = stored.arena().chunkCount();
        if (chunks + plan.newChunks() > maxChunks(maxBytes))
        {
            return refuse(sessionId, correlationId, Limit.STORED_BYTES, maxBytes, "reached",
                "stored records hold " + stored.recordBytes() + " bytes in " + chunks + " chunks of " +
                TupleArena.CHUNK_BYTES + " bytes, and the free blocks, of other sizes, cannot hold " + what +
                "; nothing added");
        }
        return true;
    }

    private static long maxChunks(final long maxBytes)
    {
        final long chunks = maxBytes / TupleArena.CHUNK_BYTES + (0 == maxBytes % TupleArena.CHUNK_BYTES ? 0 : 1);
        return Math.min(chunks, TupleArena.MAX_CHUNKS);
    }

    private boolean refuse(
        final long sessionId,
        final long correlationId,
        final Limit limit,
        final long value,
        final String verb,
        final String detail)
    {
        listener.onLimitExceeded(sessionId, correlationId, limit, value, Limits.refusal(limit, value, verb, detail));
        return false;
    }
}
