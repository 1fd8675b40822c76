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
import io.tuplespace.codecs.EventKind;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.MatchRequestDecoder;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.OutBatchRequestDecoder;
import io.tuplespace.codecs.OutRequestDecoder;
import io.tuplespace.codecs.ReadPageRequestDecoder;
import io.tuplespace.codecs.RegisterRequestDecoder;
import io.tuplespace.codecs.RenewLeaseRequestDecoder;
import io.tuplespace.codecs.RenewRegistrationRequestDecoder;
import io.tuplespace.codecs.RenewTransactionRequestDecoder;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes requests from all clients with reused decoders and dispatches each to the engine or the session table.
 * <p>
 * A request is only taken off the log when its session can publish the response right away; otherwise the
 * fragment is left for a later duty cycle ({@link Action#ABORT}), so back-pressure delays requests instead of
 * losing responses. Frames that do not parse are answered with an error naming what is wrong.
 */
final class RequestAdapter implements ControlledFragmentHandler
{
    private static final long UNKNOWN_CORRELATION_ID = -1;
    private static final int VAR_DATA_HEADER_LENGTH = 4;
    private static final long NO_LEASE = 0;
    private static final long NO_TRANSACTION = 0;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ConnectRequestDecoder connectDecoder = new ConnectRequestDecoder();
    private final DisconnectRequestDecoder disconnectDecoder = new DisconnectRequestDecoder();
    private final OutRequestDecoder outDecoder = new OutRequestDecoder();
    private final MatchRequestDecoder matchDecoder = new MatchRequestDecoder();
    private final CancelRequestDecoder cancelDecoder = new CancelRequestDecoder();
    private final OutBatchRequestDecoder outBatchDecoder = new OutBatchRequestDecoder();
    private final BatchView batch = new BatchView();
    private final RenewLeaseRequestDecoder renewLeaseDecoder = new RenewLeaseRequestDecoder();
    private final TransactionRequestAdapter transactionAdapter;
    private final RegisterRequestDecoder registerDecoder = new RegisterRequestDecoder();
    private final ReadPageRequestDecoder readPageDecoder = new ReadPageRequestDecoder();
    private final RenewRegistrationRequestDecoder renewRegistrationDecoder = new RenewRegistrationRequestDecoder();
    private final CancelRegistrationRequestDecoder cancelRegistrationDecoder = new CancelRegistrationRequestDecoder();
    private final CancelLeaseRequestDecoder cancelLeaseDecoder = new CancelLeaseRequestDecoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final ClientSessions sessions;
    private final TupleSpaceEngine engine;
    private final TupleSpaceCounters counters;
    private final int maxTupleLength;
    private final int maxResponseLength;
    private long nowMs;

    RequestAdapter(
        final ClientSessions sessions,
        final TupleSpaceEngine engine,
        final TupleSpaceCounters counters,
        final int maxTupleLength)
    {
        this.sessions = sessions;
        this.engine = engine;
        this.counters = counters;
        this.maxTupleLength = maxTupleLength;
        this.maxResponseLength = maxTupleLength + ResponsePublisher.TUPLE_RESPONSE_OVERHEAD;
        this.transactionAdapter = new TransactionRequestAdapter(sessions, engine);
    }

    void nowMs(final long nowMs)
    {
        this.nowMs = nowMs;
    }

    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final ClientSession session = sessions.get(header.sessionId());
        if (null == session || session.isFailed)
        {
            return Action.CONTINUE;
        }
        if (!session.canRespond(maxResponseLength))
        {
            return Action.ABORT;
        }
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE,
                "frame of " + length + " bytes is shorter than a message header");
            return Action.CONTINUE;
        }

        headerDecoder.wrap(buffer, offset);
        final int schemaId = headerDecoder.schemaId();
        final int version = headerDecoder.version();
        if (MessageHeaderDecoder.SCHEMA_ID != schemaId)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.UNKNOWN_MESSAGE,
                "unknown schema id " + schemaId + ", the tuple space protocol is " + MessageHeaderDecoder.SCHEMA_ID);
            return Action.CONTINUE;
        }
        if (MessageHeaderDecoder.SCHEMA_VERSION != version)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.VERSION_MISMATCH,
                "client speaks protocol version " + version + ", this server speaks version " +
                MessageHeaderDecoder.SCHEMA_VERSION + ": use a client of the same release as the server");
            return Action.CONTINUE;
        }

        final int templateId = headerDecoder.templateId();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int bodyLength = length - MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        if (blockLength > bodyLength)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE,
                "block length " + blockLength + " runs past the " + length + " byte frame");
            return Action.CONTINUE;
        }

        switch (templateId)
        {
            case ConnectRequestDecoder.TEMPLATE_ID:
                onConnect(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case DisconnectRequestDecoder.TEMPLATE_ID:
                onDisconnect(session, buffer, bodyOffset, blockLength);
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
                onCancel(session, buffer, bodyOffset, blockLength);
                break;
            case RenewLeaseRequestDecoder.TEMPLATE_ID:
                onRenewLease(session, buffer, bodyOffset, blockLength);
                break;
            case CancelLeaseRequestDecoder.TEMPLATE_ID:
                onCancelLease(session, buffer, bodyOffset, blockLength);
                break;
            case ReadPageRequestDecoder.TEMPLATE_ID:
                onReadPage(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case RegisterRequestDecoder.TEMPLATE_ID:
                onRegister(session, buffer, bodyOffset, bodyLength, blockLength);
                break;
            case RenewRegistrationRequestDecoder.TEMPLATE_ID:
                if (blockLength >= RenewRegistrationRequestDecoder.BLOCK_LENGTH)
                {
                    renewRegistrationDecoder.wrap(buffer, bodyOffset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
                    engine.renewRegistration(session.sessionId, renewRegistrationDecoder.correlationId(),
                        renewRegistrationDecoder.registrationId(), renewRegistrationDecoder.leaseMs(), nowMs);
                }
                else
                {
                    reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed renewal");
                }
                break;
            case CancelRegistrationRequestDecoder.TEMPLATE_ID:
                if (blockLength >= CancelRegistrationRequestDecoder.BLOCK_LENGTH)
                {
                    cancelRegistrationDecoder.wrap(
                        buffer, bodyOffset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
                    engine.cancelRegistration(session.sessionId, cancelRegistrationDecoder.correlationId(),
                        cancelRegistrationDecoder.registrationId());
                }
                else
                {
                    reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed cancel");
                }
                break;
            case BeginTransactionRequestDecoder.TEMPLATE_ID:
            case RenewTransactionRequestDecoder.TEMPLATE_ID:
            case CommitTransactionRequestDecoder.TEMPLATE_ID:
            case AbortTransactionRequestDecoder.TEMPLATE_ID:
                transactionAdapter.onRequest(session, templateId, buffer, bodyOffset, blockLength, nowMs);
                break;
            default:
                reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.UNKNOWN_MESSAGE,
                    "unknown message template id " + templateId);
        }
        return Action.CONTINUE;
    }

    private void onConnect(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        if (blockLength < ConnectRequestDecoder.BLOCK_LENGTH ||
            !varDataFits(buffer, offset, length, blockLength))
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed ConnectRequest");
            return;
        }
        connectDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = connectDecoder.correlationId();
        session.processId = connectDecoder.processId();
        session.clientName = connectDecoder.clientName();
        session.isHandshakeDone = true;
        sessions.onConnected(session, correlationId, maxTupleLength);
    }

    private void onDisconnect(
        final ClientSession session, final DirectBuffer buffer, final int offset, final int blockLength)
    {
        if (blockLength >= DisconnectRequestDecoder.BLOCK_LENGTH)
        {
            disconnectDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        }
        // The request image goes away once the client closes; drop its waiting requests now.
        engine.removeSession(session.sessionId);
        session.isHandshakeDone = false;
    }

    private void onOut(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        if (blockLength < OutRequestDecoder.BLOCK_LENGTH ||
            !varDataFits(buffer, offset, length, blockLength))
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed OutRequest");
            return;
        }
        outDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = outDecoder.correlationId();
        final long leaseMs = outDecoder.leaseMs();
        final long transactionId = outDecoder.transactionId();
        if (isNotConnected(session, correlationId))
        {
            return;
        }
        outDecoder.wrapTuple(payload);
        if (payload.capacity() > maxTupleLength)
        {
            reject(session, correlationId, ErrorCode.INVALID_TUPLE, "tuple of " + payload.capacity() +
                " bytes exceeds the server's limit of " + maxTupleLength + " bytes (raise tuplespace.term.length)");
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
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed OutBatchRequest");
            return;
        }
        outBatchDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = outBatchDecoder.correlationId();
        if (isNotConnected(session, correlationId))
        {
            return;
        }
        final String invalid = batch.wrap(buffer, offset + blockLength, offset + length, maxTupleLength);
        if (null != invalid)
        {
            reject(session, correlationId, ErrorCode.MALFORMED_MESSAGE, "malformed OutBatchRequest: " + invalid);
            return;
        }
        counters.outOperations.getAndAddRelease(batch.count());
        engine.outBatch(session.sessionId, correlationId, batch, outBatchDecoder.leaseMs(),
            outBatchDecoder.transactionId(), nowMs);
    }

    private void onMatch(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        if (blockLength < MatchRequestDecoder.BLOCK_LENGTH ||
            !varDataFits(buffer, offset, length, blockLength))
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed MatchRequest");
            return;
        }
        matchDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = matchDecoder.correlationId();
        if (isNotConnected(session, correlationId))
        {
            return;
        }
        final short rawOperation = matchDecoder.operationRaw();
        final long timeoutMs = matchDecoder.timeoutMs();
        final int maxTuples = matchDecoder.maxTuples();
        final long transactionId = matchDecoder.transactionId();
        if (MatchOperation.TAKE.value() != rawOperation && MatchOperation.READ.value() != rawOperation)
        {
            matchDecoder.skipPattern();
            reject(session, correlationId, ErrorCode.MALFORMED_MESSAGE, "unknown match operation " + rawOperation);
            return;
        }
        matchDecoder.wrapPattern(payload);
        counters.matchOperations.incrementRelease();
        engine.match(
            session.sessionId, correlationId, MatchOperation.get(rawOperation), timeoutMs, maxTuples, transactionId,
            payload, 0, payload.capacity(), nowMs);
    }

    private void onReadPage(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        if (blockLength < ReadPageRequestDecoder.BLOCK_LENGTH || !varDataFits(buffer, offset, length, blockLength))
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed ReadPageRequest");
            return;
        }
        readPageDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = readPageDecoder.correlationId();
        if (isNotConnected(session, correlationId))
        {
            return;
        }
        final int maxTuples = readPageDecoder.maxTuples();
        final long afterSequence = readPageDecoder.afterSequence();
        final long transactionId = readPageDecoder.transactionId();
        readPageDecoder.wrapPattern(payload);
        if (maxTuples < 1)
        {
            reject(session, correlationId, ErrorCode.MALFORMED_MESSAGE, "maxTuples must be positive: " + maxTuples);
            return;
        }
        counters.matchOperations.incrementRelease();
        engine.readPage(session.sessionId, correlationId, maxTuples, afterSequence, transactionId,
            payload, 0, payload.capacity());
    }

    private void onRegister(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength)
    {
        if (blockLength < RegisterRequestDecoder.BLOCK_LENGTH || !varDataFits(buffer, offset, length, blockLength))
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed RegisterRequest");
            return;
        }
        registerDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = registerDecoder.correlationId();
        if (isNotConnected(session, correlationId))
        {
            return;
        }
        final short rawKind = registerDecoder.eventKindRaw();
        final boolean isVisibilityOnly = 1 == registerDecoder.visibilityOnly();
        final long leaseMs = registerDecoder.leaseMs();
        registerDecoder.wrapPattern(payload);
        if (EventKind.WRITE.value() != rawKind && EventKind.AVAILABILITY.value() != rawKind)
        {
            reject(session, correlationId, ErrorCode.MALFORMED_MESSAGE, "unknown event kind " + rawKind);
            return;
        }
        engine.register(session.sessionId, correlationId, EventKind.get(rawKind), isVisibilityOnly, leaseMs,
            payload, 0, payload.capacity(), nowMs);
    }

    private void onCancel(
        final ClientSession session, final DirectBuffer buffer, final int offset, final int blockLength)
    {
        if (blockLength < CancelRequestDecoder.BLOCK_LENGTH)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed CancelRequest");
            return;
        }
        cancelDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        engine.cancel(session.sessionId, cancelDecoder.correlationId());
    }

    private void onRenewLease(
        final ClientSession session, final DirectBuffer buffer, final int offset, final int blockLength)
    {
        if (blockLength < RenewLeaseRequestDecoder.BLOCK_LENGTH)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed RenewLeaseRequest");
            return;
        }
        renewLeaseDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = renewLeaseDecoder.correlationId();
        if (!isNotConnected(session, correlationId))
        {
            engine.renewLease(session.sessionId, correlationId, renewLeaseDecoder.leaseId(),
                renewLeaseDecoder.leaseMs(), nowMs);
        }
    }

    private void onCancelLease(
        final ClientSession session, final DirectBuffer buffer, final int offset, final int blockLength)
    {
        if (blockLength < CancelLeaseRequestDecoder.BLOCK_LENGTH)
        {
            reject(session, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE, "malformed CancelLeaseRequest");
            return;
        }
        cancelLeaseDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final long correlationId = cancelLeaseDecoder.correlationId();
        if (!isNotConnected(session, correlationId))
        {
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

    private void reject(
        final ClientSession session, final long correlationId, final ErrorCode code, final String message)
    {
        sessions.onError(session.sessionId, correlationId, code, message);
    }

    /**
     * @return true if the var data field after the block of a message body lies within the frame.
     */
    private static boolean varDataFits(
        final DirectBuffer buffer, final int offset, final int length, final int blockLength)
    {
        if (blockLength + VAR_DATA_HEADER_LENGTH > length)
        {
            return false;
        }
        final long varLength = buffer.getInt(offset + blockLength, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF_FFFFL;
        return blockLength + VAR_DATA_HEADER_LENGTH + varLength <= length;
    }
}
