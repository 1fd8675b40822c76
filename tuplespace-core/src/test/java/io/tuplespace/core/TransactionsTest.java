package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JavaSpaces transaction semantics in the engine: visibility of outs, takes and reads under a transaction, what
 * commit and abort do, who wakes up, and what happens when a transaction's lease runs out or its session goes.
 */
class TransactionsTest
{
    private static final long A = 1;
    private static final long B = 2;
    private static final Template JOB = Template.of("job", Formal.LONG);

    private final MatchingTest.RecordingListener listener = new MatchingTest.RecordingListener();
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private long nowMs = 1_000;
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, nowMs);
    private long correlationId;

    @Test
    void anOutUnderATransactionIsInvisibleToOthersUntilCommit()
    {
        final long txn = begin(A, 10_000);
        out(A, Tuple.of("job", 1L), txn);

        assertThat(match(B, MatchOperation.READ, Transactions.NONE)).isNull();
        assertThat(match(A, MatchOperation.READ, txn)).isEqualTo(Tuple.of("job", 1L));

        commit(A, txn);
        assertThat(match(B, MatchOperation.READ, Transactions.NONE)).isEqualTo(Tuple.of("job", 1L));
    }

    @Test
    void abortDiscardsTheTransactionsOuts()
    {
        final long txn = begin(A, 10_000);
        out(A, Tuple.of("job", 1L), txn);

        abort(A, txn);

        assertThat(match(A, MatchOperation.READ, Transactions.NONE)).isNull();
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void aTakeUnderATransactionHidesTheTupleAndAbortRestoresItInItsPlace()
    {
        out(B, Tuple.of("job", 1L), Transactions.NONE);
        out(B, Tuple.of("job", 2L), Transactions.NONE);
        final long txn = begin(A, 10_000);

        assertThat(match(A, MatchOperation.TAKE, txn)).isEqualTo(Tuple.of("job", 1L));
        assertThat(match(B, MatchOperation.READ, Transactions.NONE)).isEqualTo(Tuple.of("job", 2L));

        abort(A, txn);
        assertThat(match(B, MatchOperation.READ, Transactions.NONE)).isEqualTo(Tuple.of("job", 1L));
        assertThat(match(B, MatchOperation.TAKE, Transactions.NONE)).isEqualTo(Tuple.of("job", 1L));
    }

    @Test
    void commitMakesATakeFinal()
    {
        out(B, Tuple.of("job", 1L), Transactions.NONE);
        final long txn = begin(A, 10_000);
        match(A, MatchOperation.TAKE, txn);

        commit(A, txn);

        assertThat(match(B, MatchOperation.READ, Transactions.NONE)).isNull();
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void aReadUnderATransactionKeepsOthersFromTakingButNotFromReading()
    {
        out(B, Tuple.of("job", 1L), Transactions.NONE);
        final long txn = begin(A, 10_000);
        assertThat(match(A, MatchOperation.READ, txn)).isEqualTo(Tuple.of("job", 1L));

        assertThat(match(B, MatchOperation.READ, Transactions.NONE)).isEqualTo(Tuple.of("job", 1L));
        assertThat(match(B, MatchOperation.TAKE, Transactions.NONE)).isNull();
        assertThat(match(A, MatchOperation.TAKE, txn)).isEqualTo(Tuple.of("job", 1L));
    }

    @Test
    void aWaitingTakeWakesWhenAnAbortRestoresATuple()
    {
        out(B, Tuple.of("job", 1L), Transactions.NONE);
        final long txn = begin(A, 10_000);
        match(A, MatchOperation.TAKE, txn);
        final long waiting = waitFor(B, MatchOperation.TAKE);

        abort(A, txn);

        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.tuple(B, waiting, Tuple.of("job", 1L)),
            MatchingTest.Event.transaction(A, correlationId, txn, 0));
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void aWaitingTakeWakesWhenACommitPublishesAnOutOrReleasesAReadLock()
    {
        final long waiting = waitFor(B, MatchOperation.TAKE);
        final long txn = begin(A, 10_000);
        out(A, Tuple.of("job", 1L), txn);
        assertThat(listener.drain()).isEmpty();

        commit(A, txn);
        assertThat(listener.drain()).startsWith(MatchingTest.Event.tuple(B, waiting, Tuple.of("job", 1L)));

        out(B, Tuple.of("job", 2L), Transactions.NONE);
        final long reader = begin(A, 10_000);
        match(A, MatchOperation.READ, reader);
        final long secondWait = waitFor(B, MatchOperation.TAKE);
        commit(A, reader);
        assertThat(listener.drain()).startsWith(MatchingTest.Event.tuple(B, secondWait, Tuple.of("job", 2L)));
    }

    @Test
    void aTransactionWhoseLeaseRunsOutAbortsAndRestoresItsTakes()
    {
        out(B, Tuple.of("job", 1L), Transactions.NONE);
        final long txn = begin(A, 100);
        match(A, MatchOperation.TAKE, txn);

        nowMs += 100;
        engine.expireTimeouts(nowMs);

        assertThat(engine.openTransactionCount()).isZero();
        assertThat(match(B, MatchOperation.READ, Transactions.NONE)).isEqualTo(Tuple.of("job", 1L));
        engine.commitTransaction(A, ++correlationId, txn);
        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.error(A, correlationId, ErrorCode.UNKNOWN_TRANSACTION));
    }

    @Test
    void aSessionThatGoesAbortsItsTransactions()
    {
        out(B, Tuple.of("job", 1L), Transactions.NONE);
        final long txn = begin(A, TupleLeases.NEVER);
        match(A, MatchOperation.TAKE, txn);

        engine.removeSession(A);

        assertThat(engine.openTransactionCount()).isZero();
        assertThat(match(B, MatchOperation.TAKE, Transactions.NONE)).isEqualTo(Tuple.of("job", 1L));
    }

    @Test
    void aTupleHandedToAWaitingTakerUnderATransactionComesBackOnAbort()
    {
        final long txn = begin(A, 10_000);
        final int length = codec.encode(JOB, buffer, 0);
        final long waiting = ++correlationId;
        engine.match(A, waiting, MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER, 1, txn, buffer, 0, length, nowMs);

        final int tupleLength = codec.encode(Tuple.of("job", 7L), buffer, 0);
        engine.out(B, ++correlationId, buffer, 0, tupleLength, 0, Transactions.NONE, nowMs);
        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.tuple(A, waiting, Tuple.of("job", 7L)),
            MatchingTest.Event.outAccepted(B, correlationId));
        assertThat(match(B, MatchOperation.READ, Transactions.NONE)).isNull();

        abort(A, txn);
        assertThat(match(B, MatchOperation.READ, Transactions.NONE)).isEqualTo(Tuple.of("job", 7L));
    }

    @Test
    void aRequestUnderAnUnknownTransactionIsRefusedAndChangesNothing()
    {
        final int length = codec.encode(Tuple.of("job", 1L), buffer, 0);
        engine.out(A, ++correlationId, buffer, 0, length, 0, 42, nowMs);

        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.error(A, correlationId, ErrorCode.UNKNOWN_TRANSACTION));
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void endingOrRenewingTransactionZeroIsAnsweredAsUnknown()
    {
        engine.commitTransaction(A, ++correlationId, Transactions.NONE);
        engine.abortTransaction(A, ++correlationId, Transactions.NONE);
        engine.renewTransaction(A, ++correlationId, Transactions.NONE, 1000, nowMs);

        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.error(A, correlationId - 2, ErrorCode.UNKNOWN_TRANSACTION),
            MatchingTest.Event.error(A, correlationId - 1, ErrorCode.UNKNOWN_TRANSACTION),
            MatchingTest.Event.error(A, correlationId, ErrorCode.UNKNOWN_TRANSACTION));
    }

    private long begin(final long session, final long leaseMs)
    {
        engine.beginTransaction(session, ++correlationId, leaseMs, nowMs);
        final List<MatchingTest.Event> events = listener.drain();
        assertThat(events).hasSize(1);
        @SuppressWarnings("unchecked")
        final List<Long> detail = (List<Long>)events.get(0).detail();
        return detail.get(0);
    }

    private void commit(final long session, final long txn)
    {
        engine.commitTransaction(session, ++correlationId, txn);
    }

    private void abort(final long session, final long txn)
    {
        engine.abortTransaction(session, ++correlationId, txn);
    }

    private void out(final long session, final Tuple tuple, final long txn)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(session, ++correlationId, buffer, 0, length, 0, txn, nowMs);
        assertThat(listener.drain()).contains(MatchingTest.Event.outAccepted(session, correlationId));
    }

    private long waitFor(final long session, final MatchOperation operation)
    {
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(session, ++correlationId, operation, TupleSpaceEngine.WAIT_FOREVER, buffer, 0, length, nowMs);
        assertThat(listener.drain()).isEmpty();
        return correlationId;
    }

    private Tuple match(final long session, final MatchOperation operation, final long txn)
    {
        listener.drain();
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(session, ++correlationId, operation, TupleSpaceEngine.NO_WAIT, 1, txn, buffer, 0, length, nowMs);
        final List<MatchingTest.Event> events = listener.drain();
        assertThat(events).hasSize(1);
        if (MatchingTest.Event.Kind.NO_MATCH == events.get(0).kind())
        {
            assertThat(events.get(0).detail()).isEqualTo(NoMatchReason.EMPTY);
            return null;
        }
        assertThat(events.get(0).kind()).isEqualTo(MatchingTest.Event.Kind.TUPLE);
        return (Tuple)events.get(0).detail();
    }
}
