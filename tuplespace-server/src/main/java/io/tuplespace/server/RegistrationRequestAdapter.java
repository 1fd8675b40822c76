package io.tuplespace.server;

import io.tuplespace.codecs.CancelRegistrationRequestDecoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.EventKind;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.RegisterRequestDecoder;
import io.tuplespace.codecs.RenewRegistrationRequestDecoder;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes the event registration requests (register, renew, cancel) and hands them to the engine. Called by
 * {@link RequestAdapter} once the frame's header and session are checked.
 */
final class RegistrationRequestAdapter
{
    private final RegisterRequestDecoder registerDecoder = new RegisterRequestDecoder();
    private final RenewRegistrationRequestDecoder renewDecoder = new RenewRegistrationRequestDecoder();
    private final CancelRegistrationRequestDecoder cancelDecoder = new CancelRegistrationRequestDecoder();
    private final UnsafeBuffer pattern = new UnsafeBuffer(0, 0);
    private final ClientSessions sessions;
    private final TupleSpaceEngine engine;
    private final TupleSpaceCounters counters;

    RegistrationRequestAdapter(
        final ClientSessions sessions, final TupleSpaceEngine engine, final TupleSpaceCounters counters)
    {
        this.sessions = sessions;
        this.engine = engine;
        this.counters = counters;
    }

    void onRequest(
        final ClientSession session,
        final int templateId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength,
        final long nowMs)
    {
        switch (templateId)
        {
            case RegisterRequestDecoder.TEMPLATE_ID:
                onRegister(session, buffer, offset, length, blockLength, nowMs);
                break;
            case RenewRegistrationRequestDecoder.TEMPLATE_ID:
                if (isWellFormed(session, buffer, offset, length, blockLength,
                    RenewRegistrationRequestDecoder.BLOCK_LENGTH, "RenewRegistrationRequest"))
                {
                    renewDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
                    counters.onOperation(Operation.NOTIFY_RENEW);
                    engine.renewRegistration(session.sessionId, renewDecoder.correlationId(),
                        renewDecoder.registrationId(), renewDecoder.leaseMs(), nowMs);
                }
                break;
            default:
                if (isWellFormed(session, buffer, offset, length, blockLength,
                    CancelRegistrationRequestDecoder.BLOCK_LENGTH, "CancelRegistrationRequest"))
                {
                    cancelDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
                    counters.onOperation(Operation.NOTIFY_CANCEL);
                    engine.cancelRegistration(
                        session.sessionId, cancelDecoder.correlationId(), cancelDecoder.registrationId());
                }
        }
    }

    private void onRegister(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength,
        final long nowMs)
    {
        final long correlationId = RequestFrames.correlationIdOf(buffer, offset, blockLength);
        final String malformed = RequestFrames.checkVarData(
            buffer, offset, length, blockLength, RegisterRequestDecoder.BLOCK_LENGTH);
        if (null != malformed)
        {
            sessions.onError(session.sessionId, correlationId, ErrorCode.MALFORMED_MESSAGE,
                "malformed RegisterRequest: " + malformed);
            return;
        }
        if (isNotConnected(session, correlationId))
        {
            return;
        }
        registerDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final short rawKind = registerDecoder.eventKindRaw();
        final short visibilityOnly = registerDecoder.visibilityOnly();
        final long leaseMs = registerDecoder.leaseMs();
        final long transactionId = registerDecoder.transactionId();
        registerDecoder.wrapPattern(pattern);
        if (EventKind.WRITE.value() != rawKind && EventKind.AVAILABILITY.value() != rawKind)
        {
            sessions.onError(session.sessionId, correlationId, ErrorCode.MALFORMED_MESSAGE,
                "unknown event kind " + rawKind);
            return;
        }
        if (visibilityOnly > 1)
        {
            sessions.onError(session.sessionId, correlationId, ErrorCode.MALFORMED_MESSAGE,
                "visibilityOnly must be 0 or 1, got " + visibilityOnly);
            return;
        }
        counters.onOperation(Operation.NOTIFY_REGISTER);
        engine.register(session.sessionId, correlationId, EventKind.get(rawKind), 1 == visibilityOnly, leaseMs,
            transactionId, pattern, 0, pattern.capacity(), nowMs);
    }

    private boolean isWellFormed(
        final ClientSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int blockLength,
        final int expectedBlockLength,
        final String messageName)
    {
        final long correlationId = RequestFrames.correlationIdOf(buffer, offset, blockLength);
        final String malformed = RequestFrames.checkFixed(length, blockLength, expectedBlockLength);
        if (null != malformed)
        {
            sessions.onError(session.sessionId, correlationId, ErrorCode.MALFORMED_MESSAGE,
                "malformed " + messageName + ": " + malformed);
            return false;
        }
        return !isNotConnected(session, correlationId);
    }

    private boolean isNotConnected(final ClientSession session, final long correlationId)
    {
        if (!session.isHandshakeDone)
        {
            sessions.onError(session.sessionId, correlationId, ErrorCode.NOT_CONNECTED, "request before ConnectRequest");
            return true;
        }
        return false;
    }
}
