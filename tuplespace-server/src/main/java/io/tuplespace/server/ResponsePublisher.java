package io.tuplespace.server;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.tuplespace.codecs.ConnectResponseEncoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.ErrorResponseEncoder;
import io.tuplespace.codecs.LeaseResponseEncoder;
import io.tuplespace.codecs.Limit;
import io.tuplespace.codecs.MessageHeaderEncoder;
import io.tuplespace.codecs.NoMatchReason;
import io.tuplespace.codecs.NoMatchResponseEncoder;
import io.tuplespace.codecs.OutResponseEncoder;
import io.tuplespace.codecs.RegistrationResponseEncoder;
import io.tuplespace.codecs.TransactionResponseEncoder;
import io.tuplespace.codecs.TupleEventEncoder;
import io.tuplespace.codecs.TupleResponseEncoder;
import io.tuplespace.codecs.TuplesResponseEncoder;
import io.tuplespace.core.TupleBatch;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * Encodes responses and events with reused encoders and publishes them on a session's exclusive publication. What
 * the publication cannot take at once waits in the session's {@link ResponseBacklog}, in order; a send reports
 * failure (client gone, backlog full) as a value, never an exception.
 */
final class ResponsePublisher
{
    /** Bytes a TupleResponse, or a TuplesResponse of one tuple, adds around the encoded tuple. */
    static final int TUPLE_RESPONSE_OVERHEAD = MessageHeaderEncoder.ENCODED_LENGTH +
        TuplesResponseEncoder.BLOCK_LENGTH + TuplesResponseEncoder.TuplesEncoder.sbeHeaderSize() +
        TuplesResponseEncoder.TuplesEncoder.tupleHeaderLength();
    /** Bytes a TuplesResponse adds per tuple. */
    static final int BATCH_ENTRY_OVERHEAD = TuplesResponseEncoder.TuplesEncoder.tupleHeaderLength();
    private static final int MAX_ERROR_MESSAGE_LENGTH = 1000;

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);
    private final BufferClaim claim = new BufferClaim();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ConnectResponseEncoder connectResponseEncoder = new ConnectResponseEncoder();
    private final OutResponseEncoder outResponseEncoder = new OutResponseEncoder();
    private final TupleResponseEncoder tupleResponseEncoder = new TupleResponseEncoder();
    private final NoMatchResponseEncoder noMatchResponseEncoder = new NoMatchResponseEncoder();
    private final TuplesResponseEncoder tuplesResponseEncoder = new TuplesResponseEncoder();
    private final ErrorResponseEncoder errorResponseEncoder = new ErrorResponseEncoder();
    private final LeaseResponseEncoder leaseResponseEncoder = new LeaseResponseEncoder();
    private final TransactionResponseEncoder transactionResponseEncoder = new TransactionResponseEncoder();
    private final RegistrationResponseEncoder registrationResponseEncoder = new RegistrationResponseEncoder();
    private final TupleEventEncoder tupleEventEncoder = new TupleEventEncoder();

    boolean sendConnectResponse(
        final ClientSession session,
        final long correlationId,
        final int sessionId,
        final int maxTupleLength)
    {
        connectResponseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .sessionId(sessionId)
            .maxTupleLength(maxTupleLength);
        return send(session, connectResponseEncoder.encodedLength());
    }

    boolean sendLease(
        final ClientSession session, final long correlationId, final long leaseId, final long grantedMs)
    {
        leaseResponseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .leaseId(leaseId)
            .grantedMs(grantedMs);
        return send(session, leaseResponseEncoder.encodedLength());
    }

    boolean sendTransaction(
        final ClientSession session,
        final long correlationId,
        final long transactionId,
        final long grantedMs)
    {
        transactionResponseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .transactionId(transactionId)
            .grantedMs(grantedMs);
        return send(session, transactionResponseEncoder.encodedLength());
    }

    boolean sendRegistration(
        final ClientSession session,
        final long correlationId,
        final long registrationId,
        final long grantedMs)
    {
        registrationResponseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .registrationId(registrationId)
            .grantedMs(grantedMs);
        return send(session, registrationResponseEncoder.encodedLength());
    }

    boolean sendEvent(
        final ClientSession session,
        final long registrationId,
        final long sequenceNumber,
        final DirectBuffer tuple,
        final int offset,
        final int length)
    {
        buffer.checkLimit(TUPLE_RESPONSE_OVERHEAD + 8 + length);
        tupleEventEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .registrationId(registrationId)
            .sequenceNumber(sequenceNumber)
            .putTuple(tuple, offset, length);
        return send(session, tupleEventEncoder.encodedLength());
    }

    boolean sendOutResponse(final ClientSession session, final long correlationId)
    {
        outResponseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).correlationId(correlationId);
        return send(session, outResponseEncoder.encodedLength());
    }

    boolean sendTuple(
        final ClientSession session,
        final long correlationId,
        final DirectBuffer tuple,
        final int offset,
        final int length)
    {
        // The answer to every rd and in: encoded straight into the log when it fits one frame, saving a copy.
        final int claimLength = MessageHeaderEncoder.ENCODED_LENGTH + TupleResponseEncoder.BLOCK_LENGTH +
            TupleResponseEncoder.tupleHeaderLength() + length;
        final long claimed = tryClaim(session, claimLength);
        if (claimed > 0)
        {
            tupleResponseEncoder.wrapAndApplyHeader(claim.buffer(), claim.offset(), headerEncoder)
                .correlationId(correlationId)
                .putTuple(tuple, offset, length);
            claim.commit();
            return true;
        }
        if (!isRetryable(claimed))
        {
            return false;
        }
        buffer.checkLimit(TUPLE_RESPONSE_OVERHEAD + length);
        tupleResponseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .putTuple(tuple, offset, length);
        return send(session, tupleResponseEncoder.encodedLength());
    }

    boolean sendTuples(final ClientSession session, final long correlationId, final TupleBatch tuples)
    {
        final int count = tuples.count();
        final TuplesResponseEncoder.TuplesEncoder entries = tuplesResponseEncoder
            .wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .cursor(tuples.cursor())
            .tuplesCount(count);
        for (int i = 0; i < count; i++)
        {
            buffer.checkLimit(tuplesResponseEncoder.limit() + BATCH_ENTRY_OVERHEAD + tuples.length(i));
            entries.next().putTuple(tuples.buffer(i), tuples.offset(i), tuples.length(i));
        }
        return send(session, tuplesResponseEncoder.encodedLength());
    }

    boolean sendNoMatch(final ClientSession session, final long correlationId, final NoMatchReason reason)
    {
        noMatchResponseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .reason(reason);
        return send(session, noMatchResponseEncoder.encodedLength());
    }

    boolean sendError(
        final ClientSession session,
        final long correlationId,
        final ErrorCode code,
        final String message)
    {
        return sendError(session, correlationId, code, Limit.NULL_VAL, 0, message);
    }

    /**
     * An {@link ErrorCode#LIMIT_EXCEEDED} error naming the limit and its value.
     */
    boolean sendLimitExceeded(
        final ClientSession session,
        final long correlationId,
        final Limit limit,
        final long value,
        final String message)
    {
        return sendError(session, correlationId, ErrorCode.LIMIT_EXCEEDED, limit, value, message);
    }

    private boolean sendError(
        final ClientSession session,
        final long correlationId,
        final ErrorCode code,
        final Limit limit,
        final long limitValue,
        final String message)
    {
        final String text = message.length() > MAX_ERROR_MESSAGE_LENGTH ?
            message.substring(0, MAX_ERROR_MESSAGE_LENGTH) : message;
        errorResponseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .code(code)
            .exceededLimit(limit)
            .limitValue(limitValue)
            .message(text);
        return send(session, errorResponseEncoder.encodedLength());
    }

    /**
     * Claim a frame of the session's publication, unless responses wait in its backlog or the message needs more
     * than one frame.
     *
     * @return the new position when claimed, else {@link Publication#BACK_PRESSURED} for a message that must go
     * through {@link #send} (which then keeps it in the backlog if need be), or the publication's failure.
     */
    private long tryClaim(final ClientSession session, final int length)
    {
        final ExclusivePublication publication = session.publication;
        if (null == publication)
        {
            return Publication.CLOSED;
        }
        if (!session.backlog.isEmpty() || length > publication.maxPayloadLength())
        {
            return Publication.BACK_PRESSURED;
        }
        return publication.tryClaim(length, claim);
    }

    private static boolean isRetryable(final long result)
    {
        return Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result;
    }

    /**
     * Publish a message, or keep it in the session's backlog when the publication cannot take it now (or messages
     * wait there already, to keep their order).
     *
     * @return false if the session must be failed: its client is gone, or its backlog is full.
     */
    private boolean send(final ClientSession session, final int messageLength)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + messageLength;
        if (session.backlog.isEmpty())
        {
            final long result = null == session.publication ? Publication.CLOSED :
                session.publication.offer(buffer, 0, length);
            if (result > 0)
            {
                return true;
            }
            if (!isRetryable(result))
            {
                return false;
            }
        }
        return session.backlog.add(buffer, 0, length);
    }
}
