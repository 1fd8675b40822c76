package io.tuplespace.server;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.protocol.DataHeaderFlyweight;
import io.tuplespace.codecs.BeginTransactionRequestEncoder;
import io.tuplespace.codecs.ConnectRequestEncoder;
import io.tuplespace.codecs.ErrorResponseDecoder;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.MatchRequestEncoder;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.MessageHeaderEncoder;
import io.tuplespace.codecs.OutRequestEncoder;
import io.tuplespace.codecs.TransactionResponseDecoder;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that speaks the protocol by hand, so tests can send what a real client never would.
 */
final class RawClient implements AutoCloseable
{
    private final Aeron aeron;
    private final ExclusivePublication publication;
    private final Subscription subscription;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ErrorResponseDecoder errorDecoder = new ErrorResponseDecoder();
    private final UnsafeBuffer lastResponse = new UnsafeBuffer(new byte[64 * 1024]);
    private int lastTemplateId;

    RawClient(final String dir)
    {
        this(dir, 64 * 1024);
    }

    /**
     * @param requestTermLength of the request log, which holds half of it in requests the server has not read.
     */
    RawClient(final String dir, final int requestTermLength)
    {
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        publication = aeron.addExclusivePublication(
            new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA).termLength(requestTermLength).build(),
            CommonConfiguration.REQUEST_STREAM_ID_DEFAULT);
        subscription = aeron.addSubscription(
            new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA).sessionId(publication.sessionId()).build(),
            CommonConfiguration.RESPONSE_STREAM_ID_DEFAULT);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!publication.isConnected())
        {
            assertThat(System.nanoTime() - deadlineNs).as("server never subscribed").isNegative();
            Thread.onSpinWait();
        }
    }

    int sessionId()
    {
        return publication.sessionId();
    }

    void sendConnect(final long correlationId, final int version)
    {
        sendConnect(correlationId, version, aeron.clientId());
    }

    void sendConnect(final long correlationId, final int version, final long aeronClientId)
    {
        new ConnectRequestEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId).processId(1).aeronClientId(aeronClientId).clientName("raw");
        headerEncoder.version(version);
        send(MessageHeaderEncoder.ENCODED_LENGTH + ConnectRequestEncoder.BLOCK_LENGTH + 4 + 3);
    }

    void sendTake(final long correlationId, final Template template)
    {
        sendTake(correlationId, template, 1, 0, 0);
    }

    /**
     * A blocking take with the given maxTuples and raw ifExists flag, which may be invalid.
     */
    void sendTake(final long correlationId, final Template template, final int maxTuples, final int ifExists)
    {
        sendTake(correlationId, template, maxTuples, ifExists, 0);
    }

    void sendTake(
        final long correlationId,
        final Template template,
        final int maxTuples,
        final int ifExists,
        final long transactionId)
    {
        final ExpandableArrayBuffer encodedTemplate = new ExpandableArrayBuffer();
        final int length = new TupleCodec().encode(template, encodedTemplate, 0);
        final MatchRequestEncoder encoder = new MatchRequestEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId).operation(MatchOperation.TAKE).timeoutMs(-1).maxTuples(maxTuples)
            .transactionId(transactionId).ifExists((short)ifExists)
            .putPattern(encodedTemplate, 0, length);
        send(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void sendOut(final long correlationId, final Tuple tuple)
    {
        final ExpandableArrayBuffer encodedTuple = new ExpandableArrayBuffer();
        final int length = new TupleCodec().encode(tuple, encodedTuple, 0);
        final OutRequestEncoder encoder = new OutRequestEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId).leaseMs(0).transactionId(0)
            .putTuple(encodedTuple, 0, length);
        send(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void sendBeginTransaction(final long correlationId)
    {
        final BeginTransactionRequestEncoder encoder = new BeginTransactionRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder).correlationId(correlationId).leaseMs(-1);
        send(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /**
     * @return the transaction id of the last response, a TransactionResponse.
     */
    long lastTransactionId()
    {
        headerDecoder.wrap(lastResponse, 0);
        assertThat(headerDecoder.templateId()).isEqualTo(TransactionResponseDecoder.TEMPLATE_ID);
        return new TransactionResponseDecoder().wrapAndApplyHeader(lastResponse, 0, headerDecoder).transactionId();
    }

    /**
     * Leave the request log as a process killed in the middle of a send leaves it: the next frame claimed (the log's
     * tail moved past it) but not a byte of it written, so nothing after it can be read.
     */
    void claimFrameAndNeverWriteIt()
    {
        final BufferClaim claim = new BufferClaim();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (publication.tryClaim(64, claim) < 0)
        {
            assertThat(System.nanoTime() - deadlineNs).as("cannot claim").isNegative();
            Thread.onSpinWait();
        }
        ((UnsafeBuffer)claim.buffer()).putIntVolatile(claim.offset() - DataHeaderFlyweight.HEADER_LENGTH, 0);
    }

    void sendBytes(final byte[] bytes)
    {
        buffer.putBytes(0, bytes);
        send(bytes.length);
    }

    /**
     * Wait for the next response.
     *
     * @return its template id.
     */
    int awaitResponse()
    {
        lastTemplateId = -1;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (-1 == lastTemplateId)
        {
            assertThat(System.nanoTime() - deadlineNs).as("no response").isNegative();
            subscription.poll(this::onResponse, 1);
        }
        return lastTemplateId;
    }

    ErrorResponseDecoder lastError()
    {
        headerDecoder.wrap(lastResponse, 0);
        return errorDecoder.wrapAndApplyHeader(lastResponse, 0, headerDecoder);
    }

    /**
     * Stop reading responses while the request publication stays: the server sees a client that is there but
     * cannot be answered.
     */
    void closeResponseSubscription()
    {
        subscription.close();
    }

    public void close()
    {
        CloseHelper.closeAll(subscription, publication, aeron);
    }

    private void send(final int length)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (publication.offer(buffer, 0, length) < 0)
        {
            assertThat(System.nanoTime() - deadlineNs).as("cannot send").isNegative();
            Thread.onSpinWait();
        }
    }

    private void onResponse(
        final DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header header)
    {
        buffer.getBytes(offset, lastResponse, 0, length);
        headerDecoder.wrap(buffer, offset);
        lastTemplateId = headerDecoder.templateId();
    }
}
