package io.tuplespace.server;

import io.tuplespace.codecs.AbortTransactionRequestDecoder;
import io.tuplespace.codecs.BeginTransactionRequestDecoder;
import io.tuplespace.codecs.CommitTransactionRequestDecoder;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.RenewTransactionRequestDecoder;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.DirectBuffer;

/**
 * Decodes the transaction requests (begin, renew, commit, abort) and hands them to the engine. Called by
 * {@link RequestAdapter} once the frame's header and session are checked.
 */
final class TransactionRequestAdapter
{
    private static final long UNKNOWN_CORRELATION_ID = -1;

    private final BeginTransactionRequestDecoder beginDecoder = new BeginTransactionRequestDecoder();
    private final RenewTransactionRequestDecoder renewDecoder = new RenewTransactionRequestDecoder();
    private final CommitTransactionRequestDecoder commitDecoder = new CommitTransactionRequestDecoder();
    private final AbortTransactionRequestDecoder abortDecoder = new AbortTransactionRequestDecoder();
    private final ClientSessions sessions;
    private final TupleSpaceEngine engine;

    TransactionRequestAdapter(final ClientSessions sessions, final TupleSpaceEngine engine)
    {
        this.sessions = sessions;
        this.engine = engine;
    }

    void onRequest(
        final ClientSession session,
        final int templateId,
        final DirectBuffer buffer,
        final int offset,
        final int blockLength,
        final long nowMs)
    {
        final int version = MessageHeaderDecoder.SCHEMA_VERSION;
        switch (templateId)
        {
            case BeginTransactionRequestDecoder.TEMPLATE_ID:
                if (isComplete(session, blockLength, BeginTransactionRequestDecoder.BLOCK_LENGTH))
                {
                    beginDecoder.wrap(buffer, offset, blockLength, version);
                    engine.beginTransaction(
                        session.sessionId, beginDecoder.correlationId(), beginDecoder.leaseMs(), nowMs);
                }
                break;
            case RenewTransactionRequestDecoder.TEMPLATE_ID:
                if (isComplete(session, blockLength, RenewTransactionRequestDecoder.BLOCK_LENGTH))
                {
                    renewDecoder.wrap(buffer, offset, blockLength, version);
                    engine.renewTransaction(session.sessionId, renewDecoder.correlationId(),
                        renewDecoder.transactionId(), renewDecoder.leaseMs(), nowMs);
                }
                break;
            case CommitTransactionRequestDecoder.TEMPLATE_ID:
                if (isComplete(session, blockLength, CommitTransactionRequestDecoder.BLOCK_LENGTH))
                {
                    commitDecoder.wrap(buffer, offset, blockLength, version);
                    engine.commitTransaction(
                        session.sessionId, commitDecoder.correlationId(), commitDecoder.transactionId());
                }
                break;
            default:
                if (isComplete(session, blockLength, AbortTransactionRequestDecoder.BLOCK_LENGTH))
                {
                    abortDecoder.wrap(buffer, offset, blockLength, version);
                    engine.abortTransaction(
                        session.sessionId, abortDecoder.correlationId(), abortDecoder.transactionId());
                }
        }
    }

    private boolean isComplete(final ClientSession session, final int blockLength, final int expected)
    {
        if (!session.isHandshakeDone)
        {
            sessions.onError(session.sessionId, UNKNOWN_CORRELATION_ID, ErrorCode.NOT_CONNECTED,
                "transaction request before ConnectRequest");
            return false;
        }
        if (blockLength < expected)
        {
            sessions.onError(session.sessionId, UNKNOWN_CORRELATION_ID, ErrorCode.MALFORMED_MESSAGE,
                "malformed transaction request: block of " + blockLength + " bytes, expected " + expected);
            return false;
        }
        return true;
    }
}
