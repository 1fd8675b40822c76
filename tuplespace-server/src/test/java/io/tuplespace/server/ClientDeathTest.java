package io.tuplespace.server;

import io.aeron.AeronCounters;
import io.aeron.driver.status.StreamCounter;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.codecs.ConnectResponseDecoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.ErrorResponseDecoder;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.TransactionResponseDecoder;
import io.tuplespace.codecs.TupleResponseDecoder;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the server learns that a client has gone when its request log gives no sign: it watches the heartbeat of the
 * client's Aeron client, which the driver frees when the client closes or dies.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientDeathTest
{
    private static final Template TASK = Template.of("task", Formal.LONG);

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void aClientThatDiesInTheMiddleOfASendGivesBackTheTaskItTookUnderATransaction()
    {
        final TupleSpace producer = fixture.connect();
        producer.out(Tuple.of("task", 1L));
        final int workerSessionId;
        try (RawClient worker = new RawClient(fixture.dir()))
        {
            workerSessionId = worker.sessionId();
            worker.sendConnect(1, MessageHeaderDecoder.SCHEMA_VERSION);
            assertThat(worker.awaitResponse()).isEqualTo(ConnectResponseDecoder.TEMPLATE_ID);
            worker.sendBeginTransaction(2);
            assertThat(worker.awaitResponse()).isEqualTo(TransactionResponseDecoder.TEMPLATE_ID);
            worker.sendTake(3, TASK, 1, 0, worker.lastTransactionId());
            assertThat(worker.awaitResponse()).isEqualTo(TupleResponseDecoder.TEMPLATE_ID);
            assertThat(producer.inp(TASK)).as("held by the worker's transaction").isEmpty();

            // Its request log now ends in a frame that will never be written, so the server cannot read to its
            // end: the image of the dead client stays, and only the heartbeat tells the server it has gone.
            worker.claimFrameAndNeverWriteIt();
        }

        assertThat(producer.in(TASK, Duration.ofSeconds(20))).contains(Tuple.of("task", 1L));
        fixture.awaitCounter(TupleSpaceCounters.TRANSACTIONS_ABORTED_CLIENT_GONE_TYPE_ID, 1);
        fixture.awaitCounter(TupleSpaceCounters.STUCK_SESSIONS_CLOSED_TYPE_ID, 1);
        fixture.awaitCounter(TupleSpaceCounters.CLIENTS_CONNECTED_TYPE_ID, 1);

        // The server reads past the frame, so the driver frees the dead client's log.
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (serverReadsRequestsOf(workerSessionId))
        {
            assertThat(System.nanoTime() - deadlineNs).as("the dead client's request image never went").isNegative();
            Thread.onSpinWait();
        }
    }

    private boolean serverReadsRequestsOf(final int sessionId)
    {
        final boolean[] found = { false };
        fixture.countersReader().forEach((counterId, typeId, key, label) ->
        {
            if (AeronCounters.DRIVER_SUBSCRIBER_POSITION_TYPE_ID == typeId &&
                sessionId == key.getInt(StreamCounter.SESSION_ID_OFFSET) &&
                CommonConfiguration.REQUEST_STREAM_ID_DEFAULT == key.getInt(StreamCounter.STREAM_ID_OFFSET))
            {
                found[0] = true;
            }
        });
        return found[0];
    }

    @Test
    void outsAClientSentBeforeClosingLandEvenIfTheServerHadNotReadThemYet()
    {
        // Its response log holds about 500 acknowledgements, its request log about 4,000 outs.
        final int outs = 3_000;
        try (RawClient producer = new RawClient(fixture.dir(), 1024 * 1024))
        {
            producer.sendConnect(1, MessageHeaderDecoder.SCHEMA_VERSION);
            assertThat(producer.awaitResponse()).isEqualTo(ConnectResponseDecoder.TEMPLATE_ID);
            // It reads no acknowledgement, so once its response log is full the server leaves its outs unread.
            for (int i = 0; i < outs; i++)
            {
                producer.sendOut(2 + i, Tuple.of("task", (long)i));
            }
        }

        final TupleSpace consumer = fixture.connect();
        int taken = 0;
        while (taken < outs)
        {
            final int batch = consumer.inAll(TASK, outs, Duration.ofSeconds(10)).size();
            assertThat(batch).as("outs of the closed client taken so far: %d", taken).isPositive();
            taken += batch;
        }
        assertThat(taken).isEqualTo(outs);
        assertThat(fixture.counter(TupleSpaceCounters.REQUESTS_DROPPED_TYPE_ID)).isZero();
    }

    @Test
    void aHandshakeNamingAnAeronClientThatIsNotThereIsRefused()
    {
        try (RawClient raw = new RawClient(fixture.dir()))
        {
            raw.sendConnect(1, MessageHeaderDecoder.SCHEMA_VERSION, 123_456_789L);
            assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
            final ErrorResponseDecoder error = raw.lastError();
            assertThat(error.code()).isEqualTo(ErrorCode.NOT_CONNECTED);
            assertThat(error.message()).contains("Aeron client 123456789", "no heartbeat");

            raw.sendOut(2, Tuple.of("task", 1L));
            assertThat(raw.awaitResponse()).as("no session without a handshake")
                .isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
            assertThat(raw.lastError().code()).isEqualTo(ErrorCode.NOT_CONNECTED);
        }
    }
}
