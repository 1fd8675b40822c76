package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JavaSpaces readIfExists/takeIfExists: no match at once when none exists; a wait, up to the timeout, while the
 * only matches are held by another transaction; the held tuple when the holder aborts; no match as soon as the
 * holder commits its take or aborts its write.
 */
class IfExistsTest
{
    private static final long ASKER = 1;
    private static final long HOLDER = 2;
    private static final Template JOB = Template.of("job", Formal.LONG);
    private static final Tuple JOB_1 = Tuple.of("job", 1L);

    private final MatchingTest.RecordingListener listener = new MatchingTest.RecordingListener();
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private long nowMs = 1_000;
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, nowMs);
    private long correlationId;

    @Test
    void noMatchAtOnceWhenNothingMatchesEvenWithATimeout()
    {
        out(Tuple.of("other", 1L), 0);

        final long request = ifExists(MatchOperation.TAKE, 5_000, 0);

        assertThat(listener.drain()).containsExactly(MatchingTest.Event.noMatch(ASKER, request, NoMatchReason.EMPTY));
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void aVisibleMatchIsReturnedAtOnce()
    {
        out(JOB_1, 0);

        final long request = ifExists(MatchOperation.READ, 5_000, 0);

        assertThat(listener.drain()).containsExactly(MatchingTest.Event.tuple(ASKER, request, JOB_1));
    }

    @Test
    void aTakeIfExistsWaitsForATupleTakenUnderAnotherTransactionAndGetsItWhenThatAborts()
    {
        out(JOB_1, 0);
        final long holder = begin();
        take(holder);

        final long request = ifExists(MatchOperation.TAKE, 5_000, 0);
        assertThat(listener.drain()).isEmpty();
        assertThat(engine.waitingCount()).isOne();

        engine.abortTransaction(HOLDER, ++correlationId, holder);

        assertThat(listener.drain()).contains(MatchingTest.Event.tuple(ASKER, request, JOB_1));
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void aWaitingIfExistsGetsNoMatchAsSoonAsTheHolderCommitsItsTake()
    {
        out(JOB_1, 0);
        final long holder = begin();
        take(holder);
        final long request = ifExists(MatchOperation.READ, 5_000, 0);

        engine.commitTransaction(HOLDER, ++correlationId, holder);

        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.noMatch(ASKER, request, NoMatchReason.EMPTY),
            MatchingTest.Event.transaction(HOLDER, correlationId, holder, 0));
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void aWriteUnderAnotherTransactionIsWaitedForAndAnAbortOfItEndsTheWait()
    {
        final long holder = begin();
        out(JOB_1, holder);
        final long request = ifExists(MatchOperation.READ, 5_000, 0);
        assertThat(listener.drain()).isEmpty();

        engine.abortTransaction(HOLDER, ++correlationId, holder);

        assertThat(listener.drain()).contains(MatchingTest.Event.noMatch(ASKER, request, NoMatchReason.EMPTY));
    }

    @Test
    void aCommittedWriteReachesTheWaitingIfExists()
    {
        final long holder = begin();
        out(JOB_1, holder);
        final long request = ifExists(MatchOperation.TAKE, 5_000, 0);

        engine.commitTransaction(HOLDER, ++correlationId, holder);

        assertThat(listener.drain()).contains(MatchingTest.Event.tuple(ASKER, request, JOB_1));
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void aReadLockStopsATakeIfExistsButNotAReadIfExists()
    {
        out(JOB_1, 0);
        final long holder = begin();
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(HOLDER, ++correlationId, MatchOperation.READ, 0, 1, holder, buffer, 0, length, nowMs);
        listener.drain();

        final long read = ifExists(MatchOperation.READ, 5_000, 0);
        assertThat(listener.drain()).containsExactly(MatchingTest.Event.tuple(ASKER, read, JOB_1));

        final long take = ifExists(MatchOperation.TAKE, 5_000, 0);
        assertThat(listener.drain()).isEmpty();
        engine.commitTransaction(HOLDER, ++correlationId, holder);
        assertThat(listener.drain()).contains(MatchingTest.Event.tuple(ASKER, take, JOB_1));
    }

    @Test
    void theWaitEndsWithTheTimeout()
    {
        out(JOB_1, 0);
        final long holder = begin();
        take(holder);
        final long request = ifExists(MatchOperation.TAKE, 100, 0);

        nowMs += 100;
        engine.expireTimeouts(nowMs);

        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.noMatch(ASKER, request, NoMatchReason.TIMED_OUT));
    }

    @Test
    void anExpiredHeldTupleEndsTheWait()
    {
        final int length = codec.encode(JOB_1, buffer, 0);
        engine.out(HOLDER, ++correlationId, buffer, 0, length, 50, 0, nowMs);
        final long holder = begin();
        take(holder);
        final long request = ifExists(MatchOperation.READ, 5_000, 0);

        nowMs += 50;
        engine.expireTimeouts(nowMs);

        assertThat(listener.drain()).containsExactly(MatchingTest.Event.noMatch(ASKER, request, NoMatchReason.EMPTY));
    }

    @Test
    void aTransactionsOwnHoldsDoNotMakeItWait()
    {
        final long asker = begin();
        out(JOB_1, 0);
        take(asker);

        final long request = ifExists(MatchOperation.TAKE, 5_000, asker);

        assertThat(listener.drain()).containsExactly(MatchingTest.Event.noMatch(ASKER, request, NoMatchReason.EMPTY));
    }

    @Test
    void aBulkIfExistsIsRefused()
    {
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(ASKER, ++correlationId, MatchOperation.TAKE, 100, 2, 0, true, buffer, 0, length, nowMs);

        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.error(ASKER, correlationId, ErrorCode.MALFORMED_MESSAGE));
    }

    private long ifExists(final MatchOperation operation, final long timeoutMs, final long txn)
    {
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(ASKER, ++correlationId, operation, timeoutMs, 1, txn, true, buffer, 0, length, nowMs);
        return correlationId;
    }

    private long begin()
    {
        engine.beginTransaction(HOLDER, ++correlationId, 60_000, nowMs);
        @SuppressWarnings("unchecked")
        final long txn = ((List<Long>)listener.drain().get(0).detail()).get(0);
        return txn;
    }

    private void take(final long txn)
    {
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(HOLDER, ++correlationId, MatchOperation.TAKE, 0, 1, txn, buffer, 0, length, nowMs);
        assertThat(listener.drain()).hasSize(1).allMatch(event -> MatchingTest.Event.Kind.TUPLE == event.kind());
    }

    private void out(final Tuple tuple, final long txn)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(HOLDER, ++correlationId, buffer, 0, length, 0, txn, nowMs);
        listener.drain();
    }
}
