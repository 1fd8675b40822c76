package io.tuplespace.server;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.tuplespace.codecs.AbortTransactionRequestDecoder;
import io.tuplespace.codecs.BeginTransactionRequestDecoder;
import io.tuplespace.codecs.CancelLeaseRequestDecoder;
import io.tuplespace.codecs.CancelRegistrationRequestDecoder;
import io.tuplespace.codecs.CancelRequestDecoder;
import io.tuplespace.codecs.CommitTransactionRequestDecoder;
import io.tuplespace.codecs.ConnectRequestDecoder;
import io.tuplespace.codecs.DisconnectRequestDecoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.MatchRequestDecoder;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.OutBatchRequestDecoder;
import io.tuplespace.codecs.OutRequestDecoder;
import io.tuplespace.codecs.ReadPageRequestDecoder;
import io.tuplespace.codecs.ReleaseSegmentsRequestDecoder;
import io.tuplespace.codecs.RegisterRequestDecoder;
import io.tuplespace.codecs.RenewLeaseRequestDecoder;
import io.tuplespace.codecs.RenewRegistrationRequestDecoder;
import io.tuplespace.codecs.RenewTransactionRequestDecoder;
import io.tuplespace.core.TupleSpaceEngine;
import io.tuplespace.core.Utf8;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;

import static io.tuplespace.server.RequestFrames.UNKNOWN_CORRELATION_ID;

/**
 * Decodes requests from all clients with reused decoders and dispatches each to the engine or the session table.
 * <p>
 * A request is only taken off the log when its session can publish the response right away; otherwise the
 * fragment is left for a later duty cycle ({@link Action#ABORT}), so back-pressure delays requests instead of
 * losing responses. Every frame is checked before it is decoded (header, schema, version, template, block and var
 * data lengths, enum values, UTF-8); one that does not pass is answered with an error naming what is wrong and
 * changes nothing. Frames from a session that cannot be answered are dropped and counted, except the outs of a
 * client that has gone, which still land.
 */
final class RequestAdapter implements ControlledFragmentHandler
{
    private static final long NO_LEASE = 0;
    private static final long NO_TRANSACTION = 0;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ConnectRequestDecoder connectDecoder = new ConnectRequestDecoder();
    private final OutRequestDecoder outDecoder = new OutRequestDecoder();
    private final MatchRequestDecoder matchDecoder = new MatchRequestDecoder();
    private final CancelRequestDecoder cancelDecoder = new CancelRequestDecoder();
    private final OutBatchRequestDecoder outBatchDecoder = new OutBatchRequestDecoder();
    private final BatchView batch = new BatchView();
    private final RenewLeaseRequestDecoder renewLeaseDecoder = new RenewLeaseRequestDecoder();
    private final CancelLeaseRequestDecoder cancelLeaseDecoder = new CancelLeaseRequestDecoder();
    private final ReadPageRequestDecoder readPageDecoder = new ReadPageRequestDecoder();
    private final TransactionRequestAdapter transactionAdapter;
    private final RegistrationRequestAdapter registrationAdapter;
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final ClientSessions sessions;
    private final TupleSpaceEngine engine;
    private final SegmentStore segments;
    private final TupleSpaceCounters counters;
    private final ErrorHandler errorHandler;
    private final int maxTupleLength;
    private final int maxResponseLength;
    private long nowMs;

    RequestAdapter(
        final ClientSessions sessions,
        final TupleSpaceEngine engine,
        final SegmentStore segments,
        final TupleSpaceCounters counters,
        final ErrorHandler errorHandler,
        final int maxTupleLength)
    {
        this.sessions = sessions;
        this.engine = engine;
        this.segments = segments;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.maxTupleLength = maxTupleLength;
        this.maxResponseLength = maxTupleLength + ResponsePublisher.TUPLE_RESPONSE_OVERHEAD;
        this.transactionAdapter = new TransactionRequestAdapter(sessions, engine, counters);
        this.registrationAdapter = new RegistrationRequestAdapter(sessions, engine, counters);
    }

    void nowMs(final long nowMs)
    {
        this.nowMs = nowMs;
    }

    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final ClientSession session = sessions.get(header.sessionId());
        if (null != session && !session.isClientGone && !session.isFailed && !session.canRespond(maxResponseLength))
        {
            if (!session.isGone())
            {
                return Action.ABORT;
            }
            // Left unread, this request would keep the client's image, and so its session, waiting requests and
            // transactions, alive for ever; no answer can reach the client any more.
            sessions.onClientGone(session);
        }
        if (null == session || (session.isFailed && !session.isClientGone))
        {
            counters.requestsDropped.incrementRelease();
        }
        else if (session.isClientGone && !isOut(buffer, offset, length))
        {
            // Nothing but an out can matter to a client that is gone: it would never see the answer.
            counters.requestsDropped.incrementRelease();
        }
        else
        {
            // A gone client's outs still land, as they would have had it waited for their acknowledgements.
            onRequestSafely(session, buffer, offset, length);
        }
        return Action.CONTINUE;
    }

    private void onRequestSafely(
        final ClientSession session, final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            onRequest(session, buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            // A bug must neither stop the server nor re-deliver the same frame forever: report it and move on.
            errorHandler.onError(ex);
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.INTERNAL_ERROR, "server error on this request: " + ex);
        }
    }

    private boolean isOut(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return false;
        }
        headerDecoder.wrap(buffer, offset);
        final int templateId = headerDecoder.templateId();
        return MessageHeaderDecoder.SCHEMA_ID == headerDecoder.schemaId() &&
            (OutRequestDecoder.TEMPLATE_ID == templateId || OutBatchRequestDecoder.TEMPLATE_ID == templateId);
    }

    private void onRequest(final ClientSession session, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE,
                "frame of " + length + " bytes is shorter than a message header");
            return;
        }

        headerDecoder.wrap(buffer, offset);
        final int schemaId = headerDecoder.schemaId();
        final int version = headerDecoder.version();
        if (MessageHeaderDecoder.SCHEMA_ID != schemaId)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.UNKNOWN_MESSAGE,
                "unknown schema id " + schemaId + ", the tuple space protocol is " + MessageHeaderDecoder.SCHEMA_ID);
            return;
        }
        if (MessageHeaderDecoder.SCHEMA_VERSION != version)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.VERSION_MISMATCH,
                "client speaks protocol version " + version + ", this server speaks version " +
                MessageHeaderDecoder.SCHEMA_VERSION + ": use a client of the same release as the server");
            return;
        }

        final int templateId = headerDecoder.templateId();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int bodyLength = length - MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        if (blockLength > bodyLength)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE,
                "block length " + blockLength + " runs past the " + length + " byte frame");
            return;
        }

        switch (templateId)
        {
            case ConnectRequestDecoder.TEMPLATE_ID:
                onConnect(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case DisconnectRequestDecoder.TEMPLATE_ID:
                onDisconnect(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case OutRequestDecoder.TEMPLATE_ID:
                onOut(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case OutBatchRequestDecoder.TEMPLATE_ID:
                onOutBatch(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case MatchRequestDecoder.TEMPLATE_ID:
                onMatch(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case CancelRequestDecoder.TEMPLATE_ID:
                onCancel(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case RenewLeaseRequestDecoder.TEMPLATE_ID:
                onRenewLease(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case CancelLeaseRequestDecoder.TEMPLATE_ID:
                onCancelLease(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case ReadPageRequestDecoder.TEMPLATE_ID:
                onReadPage(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case RegisterRequestDecoder.TEMPLATE_ID:
            case RenewRegistrationRequestDecoder.TEMPLATE_ID:
            case CancelRegistrationRequestDecoder.TEMPLATE_ID:
                registrationAdapter.onRequest(session, templateId, buffer, bodyOffset, bodyLength, blockLength, nowMs);
                break;
            case ReleaseSegmentsRequestDecoder.TEMPLATE_ID:
                onReleaseSegments(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case BeginTransactionRequestDecoder.TEMPLATE_ID:
            case RenewTransactionRequestDecoder.TEMPLATE_ID:
            case CommitTransactionRequestDecoder.TEMPLATE_ID:
            case AbortTransactionRequestDecoder.TEMPLATE_ID:
                transactionAdapter.onRequest(session, templateId, buffer, bodyOffset, bodyLength, blockLength, nowMs);
                break;
            default:
                reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.UNKNOWN_MESSAGE,
                    "unknown message template id " + templateId);
        }
    }

    private void onConnect(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        final String malformed = RequestFrames.checkVarData(
            buffer, offset, length, blockLength, ConnectRequestDecoder.BLOCK_LENGTH);
        if (null != malformed)
        {
            rejectMalformed(session, buffer, offset, blockLength, "ConnectRequest", malformed);
            return;
        }
        connectDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = connectDecoder.correlationId();
        final long processId = connectDecoder.processId();
        final long aeronClientId = connectDecoder.aeronClientId();
        final int nameLength = connectDecoder.clientNameLength();
        final int nameOffset = offset + blockLength + ConnectRequestDecoder.clientNameHeaderLength();
        final int invalid = Utf8.firstInvalid(buffer, nameOffset, nameLength);
        if (Utf8.VALID != invalid)
        {
            connectDecoder.skipClientName();
            reject(session, correlationId, ErrorCode.MALFORMED_MESSAGE,
                "malformed ConnectRequest: clientName is not valid UTF-8 at byte " + invalid + " of " + nameLength);
            return;
        }
        session.processId = processId;
        session.clientName = connectDecoder.clientName();
        counters.onOperation(Operation.CONNECT);
        sessions.onConnect(session, correlationId, aeronClientId, maxTupleLength);
    }

    private void onDisconnect(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        final String malformed = RequestFrames.checkFixed(length, blockLength, DisconnectRequestDecoder.BLOCK_LENGTH);
        if (null != malformed)
        {
            rejectMalformed(session, buffer, offset, blockLength, "DisconnectRequest", malformed);
            return;
        }
        // The request image goes away once the client closes; drop its waiting requests now.
        counters.onOperation(Operation.DISCONNECT);
        sessions.removeFromEngine(session.sessionId);
        session.isHandshakeDone = false;
    }

    private void onReleaseSegments(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        final String malformed = segments.onRelease(session.sessionId, buffer, offset, length, blockLength);
        if (null != malformed)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, malformed);
        }
    }

    private void onOut(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        final String malformed = RequestFrames.checkVarData(
            buffer, offset, length, blockLength, OutRequestDecoder.BLOCK_LENGTH);
        if (null != malformed)
        {
            rejectMalformed(session, buffer, offset, blockLength, "OutRequest", malformed);
            return;
        }
        outDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = outDecoder.correlationId();
        final long leaseMs = outDecoder.leaseMs();
        final long transactionId = outDecoder.transactionId();
        outDecoder.wrapTuple(payload);
        if (isNotConnected(session, correlationId))
        {
            return;
        }
        counters.onOperation(Operation.OUT);
        final String missingSegment = segments.checkOut(payload, 0, payload.capacity());
        if (null != missingSegment)
        {
            segments.afterOut();
            reject(session, correlationId, ErrorCode.UNKNOWN_SEGMENT, missingSegment);
            return;
        }
        counters.outOperations.incrementRelease();
        if (NO_LEASE == leaseMs && NO_TRANSACTION == transactionId)
        {
            engine.out(session.sessionId, correlationId, payload, 0, payload.capacity());
        }
        else
        {
            engine.out(
                session.sessionId, correlationId, payload, 0, payload.capacity(), leaseMs, transactionId, nowMs);
        }
        segments.afterOut();
    }

    private void onOutBatch(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        if (blockLength < OutBatchRequestDecoder.BLOCK_LENGTH)
        {
            rejectMalformed(session, buffer, offset, blockLength, "OutBatchRequest",
                "block of " + blockLength + " bytes, expected " + OutBatchRequestDecoder.BLOCK_LENGTH);
            return;
        }
        outBatchDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = outBatchDecoder.correlationId();
        if (isNotConnected(session, correlationId))
        {
            return;
        }
        final String invalid = batch.wrap(buffer, offset + blockLength, offset + length);
        if (null != invalid)
        {
            reject(session, correlationId, ErrorCode.MALFORMED_MESSAGE, "malformed OutBatchRequest: " + invalid);
            return;
        }
        counters.onOperation(Operation.OUT_BATCH);
        for (int i = 0; i < batch.count(); i++)
        {
            final String missingSegment = segments.checkOut(batch.buffer(i), batch.offset(i), batch.length(i));
            if (null != missingSegment)
            {
                segments.afterOut();
                reject(session, correlationId, ErrorCode.UNKNOWN_SEGMENT,
                    "tuple " + i + " of " + batch.count() + ", none added: " + missingSegment);
                return;
            }
        }
        counters.outOperations.getAndAddRelease(batch.count());
        engine.outBatch(session.sessionId, correlationId, batch, outBatchDecoder.leaseMs(),
            outBatchDecoder.transactionId(), nowMs);
        segments.afterOut();
    }

    private void onMatch(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        final String malformed = RequestFrames.checkVarData(
            buffer, offset, length, blockLength, MatchRequestDecoder.BLOCK_LENGTH);
        if (null != malformed)
        {
            rejectMalformed(session, buffer, offset, blockLength, "MatchRequest", malformed);
            return;
        }
        matchDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = matchDecoder.correlationId();
        final short rawOperation = matchDecoder.operationRaw();
        final long timeoutMs = matchDecoder.timeoutMs();
        final int maxTuples = matchDecoder.maxTuples();
        final long transactionId = matchDecoder.transactionId();
        final short rawIfExists = matchDecoder.ifExists();
        matchDecoder.wrapPattern(payload);
        if (isNotConnected(session, correlationId))
        {
            return;
        }
        if (MatchOperation.TAKE.value() != rawOperation && MatchOperation.READ.value() != rawOperation)
        {
            reject(session, correlationId, ErrorCode.MALFORMED_MESSAGE, "unknown match operation " + rawOperation);
            return;
        }
        if (0 != rawIfExists && 1 != rawIfExists)
        {
            reject(session, correlationId, ErrorCode.MALFORMED_MESSAGE, "ifExists must be 0 or 1, got " + rawIfExists);
            return;
        }
        final MatchOperation operation = MatchOperation.get(rawOperation);
        counters.onOperation(MatchOperation.TAKE == operation ? Operation.TAKE : Operation.READ);
        counters.matchOperations.incrementRelease();
        engine.match(session.sessionId, correlationId, operation, timeoutMs, maxTuples, transactionId,
            1 == rawIfExists, payload, 0, payload.capacity(), nowMs);
    }

    private void onReadPage(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        final String malformed = RequestFrames.checkVarData(
            buffer, offset, length, blockLength, ReadPageRequestDecoder.BLOCK_LENGTH);
        if (null != malformed)
        {
            rejectMalformed(session, buffer, offset, blockLength, "ReadPageRequest", malformed);
            return;
        }
        readPageDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = readPageDecoder.correlationId();
        final int maxTuples = readPageDecoder.maxTuples();
        final long afterSequence = readPageDecoder.afterSequence();
        final long transactionId = readPageDecoder.transactionId();
        readPageDecoder.wrapPattern(payload);
        if (isNotConnected(session, correlationId))
        {
            return;
        }
        if (maxTuples < 1)
        {
            reject(session, correlationId, ErrorCode.MALFORMED_MESSAGE, "maxTuples must be positive: " + maxTuples);
            return;
        }
        if (afterSequence < 0)
        {
            reject(session, correlationId, ErrorCode.MALFORMED_MESSAGE,
                "afterSequence must be 0 or a cursor from an earlier page, got " + afterSequence);
            return;
        }
        counters.onOperation(Operation.READ_PAGE);
        counters.matchOperations.incrementRelease();
        engine.readPage(session.sessionId, correlationId, maxTuples, afterSequence, transactionId,
            payload, 0, payload.capacity());
    }

    private void onCancel(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        final String malformed = RequestFrames.checkFixed(length, blockLength, CancelRequestDecoder.BLOCK_LENGTH);
        if (null != malformed)
        {
            rejectMalformed(session, buffer, offset, blockLength, "CancelRequest", malformed);
            return;
        }
        cancelDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = cancelDecoder.correlationId();
        if (!isNotConnected(session, correlationId))
        {
            counters.onOperation(Operation.CANCEL);
            engine.cancel(session.sessionId, correlationId);
        }
    }

    private void onRenewLease(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        final String malformed = RequestFrames.checkFixed(length, blockLength, RenewLeaseRequestDecoder.BLOCK_LENGTH);
        if (null != malformed)
        {
            rejectMalformed(session, buffer, offset, blockLength, "RenewLeaseRequest", malformed);
            return;
        }
        renewLeaseDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = renewLeaseDecoder.correlationId();
        if (!isNotConnected(session, correlationId))
        {
            counters.onOperation(Operation.LEASE_RENEW);
            engine.renewLease(session.sessionId, correlationId, renewLeaseDecoder.leaseId(),
                renewLeaseDecoder.leaseMs(), nowMs);
        }
    }

    private void onCancelLease(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        final String malformed = RequestFrames.checkFixed(
            length, blockLength, CancelLeaseRequestDecoder.BLOCK_LENGTH);
        if (null != malformed)
        {
            rejectMalformed(session, buffer, offset, blockLength, "CancelLeaseRequest", malformed);
            return;
        }
        cancelLeaseDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = cancelLeaseDecoder.correlationId();
        if (!isNotConnected(session, correlationId))
        {
            counters.onOperation(Operation.LEASE_CANCEL);
            engine.cancelLease(session.sessionId, correlationId, cancelLeaseDecoder.leaseId());
        }
    }

    private boolean isNotConnected(final ClientSession session, final long correlationId)
    {
        if (!session.isHandshakeDone)
        {
            reject(session, correlationId, ErrorCode.NOT_CONNECTED, "request before ConnectRequest");
            return true;
        }
        return false;
    }

    private void rejectMalformed(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int blockLength,
        final String messageName,
        final String reason)
    {
        reject(session, RequestFrames.correlationIdOf(buffer, offset, blockLength), ErrorCode.MALFORMED_MESSAGE,
            "malformed " + messageName + ": " + reason);
    }

    private void reject(
        final ClientSession session, final long correlationId, final ErrorCode code, final String message)
    {
        sessions.onError(session.sessionId, correlationId, code, message);
    }
}
