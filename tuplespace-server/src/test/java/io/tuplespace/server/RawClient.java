package io.tuplespace.server;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.tuplespace.codecs.ConnectRequestEncoder;
import io.tuplespace.codecs.ErrorResponseDecoder;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.MatchRequestEncoder;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.MessageHeaderEncoder;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.Template;
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
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        publication = aeron.addExclusivePublication(
            new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA).termLength(64 * 1024).build(),
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

    void sendConnect(final long correlationId, final int version)
    {
        new ConnectRequestEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId).processId(1).clientName("raw");
        headerEncoder.version(version);
        send(MessageHeaderEncoder.ENCODED_LENGTH + ConnectRequestEncoder.BLOCK_LENGTH + 4 + 3);
    }

    void sendTake(final long correlationId, final Template template)
    {
        sendTake(correlationId, template, 1, 0);
    }

    /**
     * A blocking take with the given maxTuples and raw ifExists flag, which may be invalid.
     */
    void sendTake(final long correlationId, final Template template, final int maxTuples, final int ifExists)
    {
        final ExpandableArrayBuffer encodedTemplate = new ExpandableArrayBuffer();
        final int length = new TupleCodec().encode(template, encodedTemplate, 0);
        final MatchRequestEncoder encoder = new MatchRequestEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId).operation(MatchOperation.TAKE).timeoutMs(-1).maxTuples(maxTuples)
            .transactionId(0).ifExists((short)ifExists)
            .putPattern(encodedTemplate, 0, length);
        send(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
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
