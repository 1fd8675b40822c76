package io.tuplespace.server;

import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.codecs.ConnectResponseDecoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.ErrorResponseDecoder;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.TupleResponseDecoder;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server does with requests a real client never sends, and with a client it cannot answer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtocolErrorTest
{
    private static final Template TASK = Template.of("task", Formal.LONG);

    private final String dir = CommonContext.generateRandomDirName();
    private TupleSpaceServer server;
    private RawClient raw;
    private TupleSpace space;

    @BeforeEach
    void start()
    {
        server = TupleSpaceServer.launch(new ServerContext().dir(dir).deleteDirOnStart(true).termLength(64 * 1024));
        raw = new RawClient(dir);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(space, raw, server);
        IoUtil.delete(new File(dir), true);
    }

    @Test
    void versionMismatchIsRefusedNamingBothVersions()
    {
        raw.sendConnect(1, 99);

        assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
        final ErrorResponseDecoder error = raw.lastError();
        assertThat(error.code()).isEqualTo(ErrorCode.VERSION_MISMATCH);
        assertThat(error.message()).contains("version 99").contains("version " + MessageHeaderDecoder.SCHEMA_VERSION);
    }

    @Test
    void requestBeforeHandshakeIsRefused()
    {
        raw.sendTake(5, TASK);

        assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
        final ErrorResponseDecoder error = raw.lastError();
        assertThat(error.correlationId()).isEqualTo(5);
        assertThat(error.code()).isEqualTo(ErrorCode.NOT_CONNECTED);
    }

    @Test
    void garbageFramesAreAnsweredAndOtherClientsKeepBeingServed()
    {
        space = TupleSpace.connect(new ClientContext().dir(dir).termLength(64 * 1024));
        space.out(Tuple.of("task", 1L));

        raw.sendBytes(new byte[0]);
        assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
        assertThat(raw.lastError().message()).contains("frame of 0 bytes");

        raw.sendBytes(new byte[]{ 1, 2, 3 });   // shorter than a header
        assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
        assertThat(raw.lastError().code()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);

        // schema 7421 version 1, unknown template 99
        raw.sendBytes(new byte[]{ 8, 0, 99, 0, (byte)0xFD, 0x1C, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
        assertThat(raw.lastError().code()).isEqualTo(ErrorCode.UNKNOWN_MESSAGE);

        // a ConnectRequest whose 8 byte block is shorter than the 16 bytes the message needs
        raw.sendBytes(new byte[]{ 8, 0, 10, 0, (byte)0xFD, 0x1C, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
        assertThat(raw.lastError().code()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);

        assertThat(space.inp(TASK)).contains(Tuple.of("task", 1L));
        assertThat(TupleSpaceCounters.valueOf(server.aeron().countersReader(), TupleSpaceCounters.ERRORS_TYPE_ID))
            .isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tuplespace.server.BadFrames#all")
    void aMalformedRequestIsAnsweredWithItsReasonAndChangesNothing(
        final String name, final byte[] frame, final ErrorCode code, final String reason, final long correlationId)
    {
        space = TupleSpace.connect(new ClientContext().dir(dir).termLength(64 * 1024));
        space.out(Tuple.of("task", 1L));
        raw.sendConnect(1, MessageHeaderDecoder.SCHEMA_VERSION);
        assertThat(raw.awaitResponse()).isEqualTo(ConnectResponseDecoder.TEMPLATE_ID);

        raw.sendBytes(frame);

        assertThat(raw.awaitResponse()).isEqualTo(ErrorResponseDecoder.TEMPLATE_ID);
        final ErrorResponseDecoder error = raw.lastError();
        assertThat(error.correlationId()).isEqualTo(correlationId);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.message()).contains(reason);
        assertThat(TupleSpaceCounters.valueOf(server.aeron().countersReader(),
            TupleSpaceCounters.ERRORS_BY_CODE_TYPE_ID, code.value())).isEqualTo(1);
        assertThat(TupleSpaceCounters.valueOf(server.aeron().countersReader(),
            TupleSpaceCounters.TUPLES_STORED_TYPE_ID)).isEqualTo(1);
        assertThat(space.rdp(TASK)).contains(Tuple.of("task", 1L));
        // The sender is still served: still connected, its next request answered.
        raw.sendTake(99, TASK);
        assertThat(raw.awaitResponse()).isEqualTo(TupleResponseDecoder.TEMPLATE_ID);
    }

    @Test
    void aTupleThatCannotBeDeliveredStaysInTheSpace()
    {
        raw.sendConnect(1, MessageHeaderDecoder.SCHEMA_VERSION);
        assertThat(raw.awaitResponse()).isEqualTo(ConnectResponseDecoder.TEMPLATE_ID);
        raw.sendTake(2, TASK);
        awaitCounter(TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID, 1);
        // Closing waits for the driver to unlink the subscriber, so the server's publication to it is unconnected.
        raw.closeResponseSubscription();

        space = TupleSpace.connect(new ClientContext().dir(dir).termLength(64 * 1024));
        space.out(Tuple.of("task", 7L));

        assertThat(space.inp(TASK)).contains(Tuple.of("task", 7L));
        assertThat(TupleSpaceCounters.valueOf(
            server.aeron().countersReader(), TupleSpaceCounters.UNDELIVERABLE_TYPE_ID)).isEqualTo(1);
        assertThat(TupleSpaceCounters.valueOf(
            server.aeron().countersReader(), TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID)).isZero();
        awaitCounter(TupleSpaceCounters.TAKES_UNDELIVERABLE_TUPLES_KEPT_TYPE_ID, 1);

        // The session that could not be answered is kept until its client goes, but its requests are dropped.
        raw.sendTake(3, TASK);
        awaitCounter(TupleSpaceCounters.REQUESTS_DROPPED_TYPE_ID, 1);
        assertThat(TupleSpaceCounters.valueOf(
            server.aeron().countersReader(), TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID)).isZero();
    }

    @Test
    void aRequestFromAClientThatCanNoLongerBeAnsweredDoesNotKeepItsSessionAlive()
    {
        raw.sendConnect(1, MessageHeaderDecoder.SCHEMA_VERSION);
        assertThat(raw.awaitResponse()).isEqualTo(ConnectResponseDecoder.TEMPLATE_ID);
        awaitCounter(TupleSpaceCounters.CLIENTS_CONNECTED_TYPE_ID, 1);
        // A client killed right after sending a request: the driver unlinks its subscription before the server
        // reads the request, then closes its publication.
        raw.closeResponseSubscription();
        raw.sendTake(2, TASK);
        raw.close();

        awaitCounter(TupleSpaceCounters.CLIENTS_CONNECTED_TYPE_ID, 0);
        assertThat(TupleSpaceCounters.valueOf(
            server.aeron().countersReader(), TupleSpaceCounters.WAITING_REQUESTS_TYPE_ID)).isZero();
    }

    private void awaitCounter(final int typeId, final long expected)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (TupleSpaceCounters.valueOf(server.aeron().countersReader(), typeId) != expected)
        {
            assertThat(System.nanoTime() - deadlineNs).as("counter %d never reached %d", typeId, expected)
                .isNegative();
            Thread.onSpinWait();
        }
    }
}
