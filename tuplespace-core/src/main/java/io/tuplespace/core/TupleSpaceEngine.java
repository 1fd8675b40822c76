package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.EventKind;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.DeadlineTimerWheel;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;

import java.util.concurrent.TimeUnit;

/**
 * The tuple space as a deterministic state machine: requests in, results out through a {@link ResponseListener},
 * time passed in by the caller. No threads, no clocks, no transport, so the same engine can run inside the server's
 * agent, inside a replicated service, or inside a unit test driven by a fake clock.
 * <p>
 * Ordering rules:
 * <ul>
 *   <li>Among stored matches, in and rd return the oldest.</li>
 *   <li>An arriving tuple is first seen by every waiting rd whose template matches, then goes to the oldest
 *       waiting in whose template matches; a tuple taken that way is never stored.</li>
 *   <li>A tuple whose delivery fails ({@link ResponseListener#onTuple} returns false) stays in the space. Tuples of
 *       a failed bulk take go back as the youngest.</li>
 * </ul>
 * A request that would cross one of the engine's {@link Limits} is refused whole before anything changes, through
 * {@link ResponseListener#onLimitExceeded}; see {@link LimitGuard} for what counts.
 * <p>
 * Stored tuples and waiting requests are indexed (see {@link StoredTuples} and {@link WaitingRequests}); no
 * operation scans the space. Steady-state operation allocates nothing. Not thread-safe: one thread drives an
 * engine.
 * <p>
 * The engine validates and routes requests; the work is done by package-private parts: {@link TupleWrites} (outs),
 * {@link TupleDelivery} (tuples to requesters, and out of storage), {@link WaitingRoom} (waiting requests, their
 * deadlines and IfExists bookkeeping), {@link TransactionSettlement} (how transactions end), {@link LeaseRenewals}
 * (renew and cancel) and {@link RequestChecks} (lease and transaction checks).
 */
public final class TupleSpaceEngine implements DeadlineTimerWheel.TimerHandler
{
    /** A timeout that waits forever. */
    public static final long WAIT_FOREVER = -1;
    /** A timeout that returns at once: inp and rdp. */
    public static final long NO_WAIT = 0;
    /** Bulk takes stop before their tuples' encodings exceed this many bytes, unless set otherwise. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 32 * 1024;

    private final ResponseListener listener;
    private final StoredTuples stored = new StoredTuples();
    private final TupleLeases leases;
    private final Transactions transactions;
    private final EventRegistrations events;
    private final WaitingRoom room;
    private final WaitingRequests waiting;
    private final TupleDelivery delivery;
    private final TransactionSettlement settlement;
    private final RequestChecks checks;
    private final LeaseRenewals renewals;
    private final TupleWrites writes;
    private final TemplateRequestView templateRequest = new TemplateRequestView();
    private final FieldsView requestView = templateRequest.view();
    private final LimitGuard guard;

    /**
     * @param listener receives every result.
     * @param nowMs    the current time in milliseconds, in the same clock later calls use.
     */
    public TupleSpaceEngine(final ResponseListener listener, final long nowMs)
    {
        this.listener = listener;
        this.leases = new TupleLeases(stored, nowMs);
        this.transactions = new Transactions(stored, nowMs);
        this.events = new EventRegistrations(nowMs);
        this.room = new WaitingRoom(listener, transactions, nowMs);
        this.waiting = room.requests();
        this.delivery = new TupleDelivery(listener, stored, leases, transactions, room);
        this.settlement = new TransactionSettlement(listener, stored, transactions, events, delivery, room);
        this.checks = new RequestChecks(listener, transactions);
        this.renewals = new LeaseRenewals(listener, leases, events, transactions, checks, delivery, room);
        this.guard = new LimitGuard(stored, waiting, transactions, events, listener);
        this.writes = new TupleWrites(listener, stored, leases, transactions, events, delivery, guard, checks);
    }

    /**
     * @param limits to enforce from now on, {@link Limits#unbounded()} until set; read on every check, so leave
     *               them unchanged.
     * @return this.
     */
    public TupleSpaceEngine limits(final Limits limits)
    {
        guard.limits(limits);
        return this;
    }

    /**
     * @param listener told whenever a tuple record enters or leaves storage (see {@link StoredTupleListener}).
     * @return this.
     */
    public TupleSpaceEngine storedTupleListener(final StoredTupleListener listener)
    {
        stored.listener(listener);
        return this;
    }

    /**
     * @param maxBatchBytes most bytes of tuple encodings one bulk take returns (it always returns at least one).
     * @return this.
     */
    public TupleSpaceEngine maxBatchBytes(final int maxBatchBytes)
    {
        delivery.maxBatchBytes(maxBatchBytes);
        return this;
    }

    /**
     * Linda out: hand the tuple to waiting requests or store it. Answers with
     * {@link ResponseListener#onOutAccepted} or, for an invalid encoding, {@link ResponseListener#onError}.
     *
     * @param buffer holding an encoded Tuple message; copied if stored.
     */
    public void out(
        final long sessionId,
        final long correlationId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        writes.out(sessionId, correlationId, buffer, offset, length);
    }

    /**
     * Out with a lease (JavaSpaces write): the tuple is removed when the lease expires or is cancelled, unless
     * taken first. Answers with {@link ResponseListener#onLease}; a tuple handed straight to a waiting taker gets a
     * lease id that is unknown from then on, as its tuple is gone.
     *
     * @param leaseMs above 0 to expire after that long, or {@link TupleLeases#NEVER} (-1) to last until cancelled.
     */
    public void out(
        final long sessionId,
        final long correlationId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long leaseMs,
        final long nowMs)
    {
        if (checks.isValidLease(sessionId, correlationId, leaseMs))
        {
            out(sessionId, correlationId, buffer, offset, length, leaseMs, Transactions.NONE, nowMs);
        }
    }

    /**
     * Out under a transaction, with or without a lease: the tuple is visible only to the transaction until it
     * commits, and discarded if it aborts. Answers as the out without a transaction, or
     * {@link ErrorCode#UNKNOWN_TRANSACTION}.
     *
     * @param leaseMs       0 for no lease (answered by {@link ResponseListener#onOutAccepted}), otherwise as
     *                      {@link #out(long, long, DirectBuffer, int, int, long, long)}.
     * @param transactionId the transaction, or 0 for none.
     */
    public void out(
        final long sessionId,
        final long correlationId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long leaseMs,
        final long transactionId,
        final long nowMs)
    {
        writes.out(sessionId, correlationId, buffer, offset, length, leaseMs, transactionId, nowMs);
    }

    /**
     * Begin a transaction that aborts by itself after {@code leaseMs} (or never, with -1) unless it ends first.
     * Answers {@link ResponseListener#onTransaction} with its id.
     */
    public void beginTransaction(final long sessionId, final long correlationId, final long leaseMs, final long nowMs)
    {
        if (checks.isValidLease(sessionId, correlationId, leaseMs) && guard.admitsTransaction(sessionId, correlationId))
        {
            final Transactions.Transaction transaction = transactions.begin(sessionId, leaseMs, nowMs);
            listener.onTransaction(sessionId, correlationId, transaction.id, leaseMs);
        }
    }

    /**
     * Renew a transaction's lease from now.
     */
    public void renewTransaction(
        final long sessionId, final long correlationId, final long transactionId, final long leaseMs, final long nowMs)
    {
        renewals.renewTransaction(sessionId, correlationId, transactionId, leaseMs, nowMs);
    }

    /**
     * Commit: the transaction's outs become visible to all (and go to waiting requests), its takes become final,
     * its reads release their locks. Answers {@link ResponseListener#onTransaction} with 0 granted.
     */
    public void commitTransaction(final long sessionId, final long correlationId, final long transactionId)
    {
        final Transactions.Transaction transaction =
            checks.requiredTransaction(sessionId, correlationId, transactionId);
        if (null != transaction)
        {
            settlement.commit(transaction);
            listener.onTransaction(sessionId, correlationId, transactionId, 0);
        }
    }

    /**
     * Abort: the transaction's outs are discarded and its takes restored in place, visible to every request at
     * once, waiting ones included; its reads release their locks. Answers {@link ResponseListener#onTransaction}
     * with 0 granted.
     */
    public void abortTransaction(final long sessionId, final long correlationId, final long transactionId)
    {
        final Transactions.Transaction transaction =
            checks.requiredTransaction(sessionId, correlationId, transactionId);
        if (null != transaction)
        {
            settlement.abort(transaction);
            listener.onTransaction(sessionId, correlationId, transactionId, 0);
        }
    }

    /**
     * Register for events on tuples matching a template: every visible write ({@link EventKind#WRITE}, JavaSpaces
     * notify) or every time one becomes visible or takeable ({@link EventKind#AVAILABILITY}). Answers
     * {@link ResponseListener#onRegistration}; events follow through {@link ResponseListener#onEvent}.
     *
     * @param isVisibilityOnly for availability: ignore tuples that merely become takeable.
     * @param leaseMs          -1 never expires, above 0 from now.
     */
    public void register(
        final long sessionId,
        final long correlationId,
        final EventKind kind,
        final boolean isVisibilityOnly,
        final long leaseMs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long nowMs)
    {
        register(sessionId, correlationId, kind, isVisibilityOnly, leaseMs, Transactions.NONE, buffer, offset, length,
            nowMs);
    }

    /**
     * Register for events under a transaction (JavaSpaces notify / registerForAvailabilityEvent with a
     * transaction): the registration also sees tuples written under the transaction, as they are written, and it
     * ends when the transaction commits or aborts. Answers as
     * {@link #register(long, long, EventKind, boolean, long, DirectBuffer, int, int, long)}, or
     * {@link ErrorCode#UNKNOWN_TRANSACTION}.
     *
     * @param transactionId the transaction, or 0 for none.
     */
    public void register(
        final long sessionId,
        final long correlationId,
        final EventKind kind,
        final boolean isVisibilityOnly,
        final long leaseMs,
        final long transactionId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long nowMs)
    {
        if (!wrapAdmittedTemplate(sessionId, correlationId, buffer, offset, length) ||
            !checks.isValidLease(sessionId, correlationId, leaseMs))
        {
            return;
        }
        if (Transactions.NONE != transactionId && null == checks.transactionOf(sessionId, correlationId, transactionId))
        {
            return;
        }
        if (!guard.admitsRegistration(sessionId, correlationId))
        {
            return;
        }
        final EventRegistrations.Registration registration = events.register(
            sessionId, kind, isVisibilityOnly, transactionId, buffer, offset, length, leaseMs, nowMs);
        listener.onRegistration(sessionId, correlationId, registration.id, leaseMs);
    }

    /**
     * Renew an event registration's lease from now.
     */
    public void renewRegistration(
        final long sessionId, final long correlationId, final long registrationId, final long leaseMs, final long nowMs)
    {
        renewals.renewRegistration(sessionId, correlationId, registrationId, leaseMs, nowMs);
    }

    /**
     * Cancel an event registration.
     */
    public void cancelRegistration(final long sessionId, final long correlationId, final long registrationId)
    {
        renewals.cancelRegistration(sessionId, correlationId, registrationId);
    }

    /**
     * @return the number of open transactions.
     */
    public long openTransactionCount()
    {
        return transactions.openCount();
    }

    /**
     * Renew a lease for {@code leaseMs} from now (or {@link TupleLeases#NEVER}). Answers
     * {@link ResponseListener#onLease}, or {@link ErrorCode#UNKNOWN_LEASE} if its tuple is gone (taken, expired,
     * cancelled).
     */
    public void renewLease(
        final long sessionId, final long correlationId, final long leaseId, final long leaseMs, final long nowMs)
    {
        renewals.renewLease(sessionId, correlationId, leaseId, leaseMs, nowMs);
    }

    /**
     * Cancel a lease, removing its tuple. Answers {@link ResponseListener#onLease} with 0 granted, or
     * {@link ErrorCode#UNKNOWN_LEASE}.
     */
    public void cancelLease(final long sessionId, final long correlationId, final long leaseId)
    {
        renewals.cancelLease(sessionId, correlationId, leaseId);
    }

    /**
     * Out of several tuples in one request, in order, answered once. All are validated first: if one is invalid
     * the error names it and none is added.
     *
     * @param leaseMs       of every tuple: 0 for none, otherwise as {@link #out(long, long, DirectBuffer, int, int,
     *                      long, long)}; leased tuples get no lease ids, they just expire.
     * @param transactionId the transaction every tuple is written under, or 0 for none.
     */
    public void outBatch(
        final long sessionId,
        final long correlationId,
        final TupleBatch tuples,
        final long leaseMs,
        final long transactionId,
        final long nowMs)
    {
        writes.outBatch(sessionId, correlationId, tuples, leaseMs, transactionId, nowMs);
    }

    /**
     * Linda in / rd, blocking, timed or not ({@code inp} / {@code rdp}).
     *
     * @see #match(long, long, MatchOperation, long, int, DirectBuffer, int, int, long)
     */
    public void match(
        final long sessionId,
        final long correlationId,
        final MatchOperation operation,
        final long timeoutMs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long nowMs)
    {
        match(sessionId, correlationId, operation, timeoutMs, 1, buffer, offset, length, nowMs);
    }

    /**
     * Linda in / rd. Answers at once with the oldest stored match (or, for a bulk take with {@code maxTuples > 1},
     * up to that many oldest matches through {@link ResponseListener#onTuples}), or {@link NoMatchReason#EMPTY}
     * when {@code timeoutMs} is {@link #NO_WAIT}; otherwise the request waits for a matching out, until
     * {@code nowMs + timeoutMs} unless it is {@link #WAIT_FOREVER}.
     *
     * @param maxTuples 1, or for a take the most tuples to return at once.
     * @param buffer    holding an encoded Template message; copied if the request waits.
     */
    public void match(
        final long sessionId,
        final long correlationId,
        final MatchOperation operation,
        final long timeoutMs,
        final int maxTuples,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long nowMs)
    {
        match(sessionId, correlationId, operation, timeoutMs, maxTuples, Transactions.NONE, buffer, offset, length,
            nowMs);
    }

    /**
     * Linda in / rd under a transaction: it sees its own outs, a take hides the tuple from all until commit (and
     * abort restores it), a read keeps others from taking the tuple until the transaction ends.
     *
     * @param transactionId the transaction, or 0 for none.
     * @see #match(long, long, MatchOperation, long, int, DirectBuffer, int, int, long)
     */
    public void match(
        final long sessionId,
        final long correlationId,
        final MatchOperation operation,
        final long timeoutMs,
        final int maxTuples,
        final long transactionId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long nowMs)
    {
        match(sessionId, correlationId, operation, timeoutMs, maxTuples, transactionId, false, buffer, offset, length,
            nowMs);
    }

    /**
     * Linda in / rd, optionally as JavaSpaces {@code readIfExists}/{@code takeIfExists}: with {@code isIfExists}
     * a request that finds no visible match waits, up to its timeout, only while a matching tuple is held by
     * another transaction (written and not committed, taken, or for a take read), and is answered
     * {@link NoMatchReason#EMPTY} at once when none is, or as soon as the last such hold goes without leaving it a
     * tuple (the holder committed a take, or aborted a write).
     *
     * @param isIfExists JavaSpaces IfExists semantics; {@code maxTuples} must then be 1.
     * @see #match(long, long, MatchOperation, long, int, long, DirectBuffer, int, int, long)
     */
    public void match(
        final long sessionId,
        final long correlationId,
        final MatchOperation operation,
        final long timeoutMs,
        final int maxTuples,
        final long transactionId,
        final boolean isIfExists,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long nowMs)
    {
        if (!wrapAdmittedTemplate(sessionId, correlationId, buffer, offset, length))
        {
            return;
        }
        if (timeoutMs < WAIT_FOREVER)
        {
            listener.onError(sessionId, correlationId, ErrorCode.MALFORMED_MESSAGE,
                "timeout must be -1 (forever), 0 (no wait) or positive, got " + timeoutMs);
            return;
        }
        if (maxTuples < 1 || (maxTuples > 1 && (MatchOperation.TAKE != operation || isIfExists)))
        {
            listener.onError(sessionId, correlationId, ErrorCode.MALFORMED_MESSAGE,
                "maxTuples must be 1, or more for a take that is not IfExists, got " + maxTuples + " for " +
                operation + (isIfExists ? " IfExists" : ""));
            return;
        }

        final Transactions.Transaction transaction = checks.transactionOf(sessionId, correlationId, transactionId);
        if (Transactions.NONE != transactionId && null == transaction)
        {
            return;
        }
        final boolean answered = maxTuples > 1 ?
            delivery.takeStored(sessionId, correlationId, maxTuples, requestView, transaction) :
            delivery.matchStored(sessionId, correlationId, operation, requestView, transaction);
        if (answered)
        {
            // A take under a transaction of the transaction's own out removes a held tuple.
            room.answerUnblockedIfExists();
            return;
        }
        if (NO_WAIT == timeoutMs ||
            (isIfExists && !room.isIfExistsBlocked(requestView, transactionId, operation)))
        {
            listener.onNoMatch(sessionId, correlationId, NoMatchReason.EMPTY);
            return;
        }
        if (!guard.admitsWaiting(sessionId, correlationId))
        {
            return;
        }
        room.park(sessionId, correlationId, operation, maxTuples, transactionId, isIfExists, requestView, buffer,
            offset, length, timeoutMs, nowMs);
    }

    /**
     * Read, without removing, up to {@code maxTuples} matches that arrived after the one with sequence
     * {@code afterSequence} (0 for the oldest), oldest first: one page of a walk over all matches (JavaSpace05
     * {@code contents}). Answers {@link ResponseListener#onTuples}, whose {@link TupleBatch#cursor()} continues the
     * walk, or {@link NoMatchReason#EMPTY} when there are no more.
     */
    public void readPage(
        final long sessionId,
        final long correlationId,
        final int maxTuples,
        final long afterSequence,
        final long transactionId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (!wrapAdmittedTemplate(sessionId, correlationId, buffer, offset, length))
        {
            return;
        }
        final Transactions.Transaction transaction = checks.transactionOf(sessionId, correlationId, transactionId);
        if (Transactions.NONE != transactionId && null == transaction)
        {
            return;
        }
        delivery.readPage(sessionId, correlationId, maxTuples, afterSequence, transactionId, requestView);
    }

    /**
     * Withdraw a waiting request, answering it with {@link NoMatchReason#CANCELLED}. Does nothing if the request
     * is no longer waiting (it has been answered already).
     */
    public void cancel(final long sessionId, final long correlationId)
    {
        room.cancel(sessionId, correlationId);
    }

    /**
     * Drop every waiting request of a session that has gone away, without answering them.
     *
     * @return the number of requests dropped.
     */
    public int removeSession(final long sessionId)
    {
        final int removed = room.removeSession(sessionId);
        settlement.abortSession(sessionId);
        events.removeSession(sessionId);
        return removed;
    }

    /**
     * The server is stopping: answer every waiting request with {@link ErrorCode#SHUTTING_DOWN}, so no client
     * waits for a response that will never come.
     *
     * @return the number of requests answered.
     */
    public int shutdown()
    {
        return room.shutdown();
    }

    /**
     * Remove tuples whose leases have expired, and expire timed requests whose deadline has passed, answering each
     * with {@link NoMatchReason#TIMED_OUT}. Call it before the requests of the same instant, so none of them sees
     * an expired tuple.
     *
     * @param nowMs the current time.
     * @return the number of leases and requests expired.
     */
    public int expireTimeouts(final long nowMs)
    {
        final IntArrayList expiredLeases = leases.expire(nowMs);
        for (int i = 0; i < expiredLeases.size(); i++)
        {
            delivery.removeRecord(expiredLeases.getInt(i));
        }
        final int expiredTransactions = settlement.expire(nowMs);
        room.answerUnblockedIfExists();
        final int expiredHolds = expiredLeases.size() + expiredTransactions + events.expire(nowMs);
        return expiredHolds + room.expireUntil(nowMs);
    }

    /**
     * {@inheritDoc}
     */
    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        return room.onTimerExpiry(timeUnit, now, timerId);
    }

    /**
     * Wrap the request's template, answering an error if it is malformed or over the size or field limits.
     *
     * @return true if the template was wrapped and admitted.
     */
    private boolean wrapAdmittedTemplate(
        final long sessionId, final long correlationId, final DirectBuffer buffer, final int offset, final int length)
    {
        final String invalid = templateRequest.wrap(buffer, offset, length);
        if (null != invalid)
        {
            listener.onError(sessionId, correlationId, ErrorCode.INVALID_TEMPLATE, "invalid template: " + invalid);
            return false;
        }
        return guard.admitsTemplate(sessionId, correlationId, requestView, length);
    }

    /**
     * @return the number of tuples stored.
     */
    public long storedCount()
    {
        return stored.count();
    }

    /**
     * @return the encoded bytes of all stored tuples.
     */
    public long storedBytes()
    {
        return stored.encodedBytes();
    }

    /**
     * @return bytes of memory the stored tuples' records hold, what {@link Limits#maxStoredBytes()} limits.
     */
    public long storedRecordBytes()
    {
        return stored.recordBytes();
    }

    /**
     * @return bytes of memory held for stored tuples: records with their index links, and index tables.
     */
    public long storageFootprintBytes()
    {
        return stored.footprintBytes();
    }

    /**
     * @return the number of stored tuples with a lease.
     */
    public long leasedCount()
    {
        return leases.count();
    }

    /**
     * @return tuples that a take could not deliver (the taker's session was gone or could not receive) and that
     * therefore stayed in, or went back to, the space; counted since the engine was created.
     */
    public long undeliveredTakeCount()
    {
        return delivery.undeliveredTakes();
    }

    /**
     * @return the number of requests waiting for a match.
     */
    public long waitingCount()
    {
        return waiting.count();
    }
}
