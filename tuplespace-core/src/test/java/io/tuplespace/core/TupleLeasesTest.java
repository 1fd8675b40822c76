package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tuplespace.core.Batches.batch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases on tuples, driven by an injected clock: expiry removes a tuple for every operation, renewal moves the
 * expiry, cancel removes at once, and a lease whose tuple is gone is unknown.
 */
class TupleLeasesTest
{
    private static final long SESSION = 1;
    private static final Template JOB = Template.of("job", Formal.LONG);

    private final MatchingTest.RecordingListener listener = new MatchingTest.RecordingListener();
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private long nowMs = 1_000;
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, nowMs);
    private long correlationId;

    @Test
    void aLeasedTupleIsGoneForEveryOperationOnceItsLeaseExpires()
    {
        final long leaseId = outLeased(Tuple.of("job", 1L), 100);

        assertThat(leaseId).isPositive();
        advance(99);
        assertThat(rdp()).isTrue();
        advance(1);
        assertThat(rdp()).isFalse();
        assertThat(inp()).isFalse();
        assertThat(engine.storedCount()).isZero();
        assertThat(engine.leasedCount()).isZero();
    }

    @Test
    void renewingMovesTheExpiryFromNow()
    {
        final long leaseId = outLeased(Tuple.of("job", 1L), 100);
        advance(50);

        engine.renewLease(SESSION, ++correlationId, leaseId, 100, nowMs);
        assertThat(listener.drain()).containsExactly(MatchingTest.Event.lease(SESSION, correlationId, leaseId, 100));
        advance(99);
        assertThat(rdp()).isTrue();
        advance(1);
        assertThat(rdp()).isFalse();
    }

    @Test
    void cancelRemovesTheTupleAndASecondCancelOrRenewIsUnknown()
    {
        final long leaseId = outLeased(Tuple.of("job", 1L), TupleLeases.NEVER);

        engine.cancelLease(SESSION, ++correlationId, leaseId);
        assertThat(listener.drain()).containsExactly(MatchingTest.Event.lease(SESSION, correlationId, leaseId, 0));
        assertThat(rdp()).isFalse();

        engine.cancelLease(SESSION, ++correlationId, leaseId);
        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.error(SESSION, correlationId, ErrorCode.UNKNOWN_LEASE));
        engine.renewLease(SESSION, ++correlationId, leaseId, 10, nowMs);
        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.error(SESSION, correlationId, ErrorCode.UNKNOWN_LEASE));
    }

    @Test
    void aLeaseThatNeverExpiresOutlivesALongWait()
    {
        outLeased(Tuple.of("job", 1L), TupleLeases.NEVER);

        advance(365L * 24 * 3600 * 1000);

        assertThat(rdp()).isTrue();
        assertThat(engine.leasedCount()).isOne();
    }

    @Test
    void aTakenTuplesLeaseIsUnknownAndItsTimerNeverFires()
    {
        final long leaseId = outLeased(Tuple.of("job", 1L), 100);
        outLeased(Tuple.of("job", 2L), 1_000);

        assertThat(inp()).isTrue();
        engine.renewLease(SESSION, ++correlationId, leaseId, 100, nowMs);
        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.error(SESSION, correlationId, ErrorCode.UNKNOWN_LEASE));
        advance(100);
        assertThat(engine.storedCount()).isOne();
        assertThat(engine.leasedCount()).isOne();
    }

    @Test
    void aLeasedTupleHandedToAWaitingTakerIsNeverStored()
    {
        match(MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER);
        listener.drain();

        final int length = codec.encode(Tuple.of("job", 3L), buffer, 0);
        engine.out(2, ++correlationId, buffer, 0, length, 100, nowMs);

        final List<MatchingTest.Event> events = listener.drain();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).kind()).isEqualTo(MatchingTest.Event.Kind.TUPLE);
        assertThat(events.get(1).kind()).isEqualTo(MatchingTest.Event.Kind.LEASE);
        assertThat(engine.storedCount()).isZero();
        assertThat(engine.leasedCount()).isZero();
    }

    @Test
    void aBatchsLeasesExpireButATakenTuplesTimerNeverFires()
    {
        engine.outBatch(SESSION, ++correlationId, batch(Tuple.of("job", 1L), Tuple.of("job", 2L)), 100, 0, nowMs);
        assertThat(listener.drain()).extracting(MatchingTest.Event::kind)
            .containsExactly(MatchingTest.Event.Kind.OUT_ACCEPTED);
        assertThat(engine.leasedCount()).isEqualTo(2);

        assertThat(inp()).isTrue();
        assertThat(engine.leasedCount()).isOne();
        outLeased(Tuple.of("job", 3L), 1_000);
        advance(100);

        assertThat(engine.storedCount()).isOne();
        assertThat(engine.leasedCount()).isOne();
        assertThat(inp()).isTrue();
        assertThat(engine.leasedCount()).isZero();
    }

    @Test
    void leasedRecordsOfEveryKindGiveAllTheirBytesBack()
    {
        final long leaseId = outLeased(Tuple.of("job", 1L), 100);
        outLeased(Tuple.of("job", 2L), TupleLeases.NEVER);
        engine.outBatch(SESSION, ++correlationId, batch(Tuple.of("job", 3L)), 100, 0, nowMs);
        engine.renewLease(SESSION, ++correlationId, leaseId, 1_000, nowMs);
        assertThat(listener.drain()).extracting(MatchingTest.Event::kind)
            .containsExactly(MatchingTest.Event.Kind.OUT_ACCEPTED, MatchingTest.Event.Kind.LEASE);
        advance(100);
        assertThat(engine.storedCount()).isEqualTo(2);
        assertThat(inp()).isTrue();
        assertThat(inp()).isTrue();
        assertThat(engine.storedRecordBytes()).isZero();
        assertThat(engine.leasedCount()).isZero();
    }

    @Test
    void aLeaseMustBePositiveOrNever()
    {
        final int length = codec.encode(Tuple.of("job", 1L), buffer, 0);
        engine.out(SESSION, ++correlationId, buffer, 0, length, 0, nowMs);
        engine.out(SESSION, ++correlationId, buffer, 0, length, -5, nowMs);

        assertThat(listener.drain()).extracting(MatchingTest.Event::detail)
            .containsExactly(ErrorCode.MALFORMED_MESSAGE, ErrorCode.MALFORMED_MESSAGE);
        assertThat(engine.storedCount()).isZero();
    }

    private long outLeased(final Tuple tuple, final long leaseMs)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(SESSION, ++correlationId, buffer, 0, length, leaseMs, nowMs);
        final List<MatchingTest.Event> events = listener.drain();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).kind()).isEqualTo(MatchingTest.Event.Kind.LEASE);
        @SuppressWarnings("unchecked")
        final List<Long> detail = (List<Long>)events.get(0).detail();
        assertThat(detail.get(1)).isEqualTo(leaseMs);
        return detail.get(0);
    }

    private void advance(final long ms)
    {
        nowMs += ms;
        engine.expireTimeouts(nowMs);
    }

    private boolean rdp()
    {
        return match(MatchOperation.READ, TupleSpaceEngine.NO_WAIT);
    }

    private boolean inp()
    {
        return match(MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT);
    }

    private boolean match(final MatchOperation operation, final long timeoutMs)
    {
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(SESSION, ++correlationId, operation, timeoutMs, buffer, 0, length, nowMs);
        final List<MatchingTest.Event> events = listener.drain();
        if (TupleSpaceEngine.WAIT_FOREVER == timeoutMs)
        {
            return events.isEmpty();
        }
        assertThat(events).hasSize(1);
        if (MatchingTest.Event.Kind.NO_MATCH == events.get(0).kind())
        {
            assertThat(events.get(0).detail()).isEqualTo(NoMatchReason.EMPTY);
            return false;
        }
        return true;
    }
}
