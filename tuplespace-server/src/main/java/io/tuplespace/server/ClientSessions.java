package io.tuplespace.server;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.status.HeartbeatTimestamp;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.Limit;
import io.tuplespace.codecs.NoMatchReason;
import io.tuplespace.core.Limits;
import io.tuplespace.core.ResponseListener;
import io.tuplespace.core.TupleBatch;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.status.CountersReader;

import java.util.ArrayList;

/**
 * The connected clients, keyed by the session id of their request publication, and the engine's way out to them.
 * <p>
 * A session is born when its request image appears and dies when the image goes (clean close, or the driver timing
 * the client out), or when a response to it cannot be delivered. Dying drops the session's waiting requests, so no
 * later tuple is handed to a client that is gone.
 * <p>
 * The handshake ties a session to its client's Aeron client, whose heartbeat counter the driver frees when the
 * client closes or dies. That is the first sign of a dead client, and the one that does not depend on its request
 * image: a process killed between claiming a frame and writing it leaves an image that can never drain, and so
 * never goes. Such a session is closed once its image has not moved for {@link #STUCK_IMAGE_MS}, and its image
 * read past the torn frame so that the driver can free it.
 */
final class ClientSessions implements ResponseListener, AutoCloseable
{
    static final long STUCK_IMAGE_MS = 1000;

    private final Aeron aeron;
    private final ServerContext ctx;
    private TupleSpaceEngine engine;
    private SegmentStore segments;
    private final ResponsePublisher publisher;
    private final TupleSpaceCounters counters;
    private final ErrorHandler errorHandler;
    private final Int2ObjectHashMap<ClientSession> sessionById = new Int2ObjectHashMap<>();
    private final ArrayList<ClientSession> awaitingPublication = new ArrayList<>();
    private final ArrayList<ClientSession> failed = new ArrayList<>();
    private final ArrayList<ClientSession> backlogged = new ArrayList<>();
    private final Long2ObjectHashMap<ClientSession> sessionByAeronClientId = new Long2ObjectHashMap<>();
    private final ArrayList<ClientSession> goneWithImage = new ArrayList<>();

    ClientSessions(
        final Aeron aeron,
        final ServerContext ctx,
        final ResponsePublisher publisher,
        final TupleSpaceCounters counters)
    {
        this.aeron = aeron;
        this.ctx = ctx;
        this.publisher = publisher;
        this.counters = counters;
        this.errorHandler = ctx.errorHandler();
    }

    void engine(final TupleSpaceEngine engine)
    {
        this.engine = engine;
    }

    void segments(final SegmentStore segments)
    {
        this.segments = segments;
    }

    ClientSession get(final int sessionId)
    {
        return sessionById.get(sessionId);
    }

    int size()
    {
        return sessionById.size();
    }

    void onRequestImageAvailable(final int sessionId)
    {
        final String channel = new ChannelUriStringBuilder()
            .media(CommonContext.IPC_MEDIA)
            .termLength(ctx.termLength())
            .sessionId(sessionId)
            .build();
        final long registrationId = aeron.asyncAddExclusivePublication(channel, ctx.responseStreamId());
        final ClientSession session = new ClientSession(sessionId, registrationId);
        sessionById.put(sessionId, session);
        awaitingPublication.add(session);
        counters.clientsConnected.setRelease(sessionById.size());
    }

    void onRequestImageUnavailable(final int sessionId)
    {
        final ClientSession session = sessionById.remove(sessionId);
        if (null != session)
        {
            awaitingPublication.remove(session);
            failed.remove(session);
            backlogged.remove(session);
            goneWithImage.remove(session);
            forgetAeronClient(session);
            close(session);
        }
        counters.clientsConnected.setRelease(sessionById.size());
    }

    /**
     * The driver has freed a counter; if it was the heartbeat of a client's Aeron client, that client has closed or
     * died. Called from the Aeron conductor, so it only marks the session.
     *
     * @param registrationId of the counter, which for a heartbeat is the Aeron client's id.
     */
    void onUnavailableCounter(final CountersReader countersReader, final long registrationId, final int counterId)
    {
        final ClientSession session = sessionByAeronClientId.remove(registrationId);
        if (null != session)
        {
            onClientGone(session);
        }
    }

    /**
     * Close the sessions of dead clients whose request image has not moved for {@link #STUCK_IMAGE_MS}: an image
     * that a dead client left with a frame it claimed but never wrote cannot be read past, drained, or closed.
     *
     * @return work done.
     */
    int closeStuckSessions(final Subscription requests, final long nowMs)
    {
        int workCount = 0;
        for (int i = goneWithImage.size() - 1; i >= 0; i--)
        {
            final ClientSession session = goneWithImage.get(i);
            final Image image = requests.imageBySessionId(session.sessionId);
            if (null == image)
            {
                continue;
            }
            final long position = image.position();
            if (position != session.stuckCheckPosition)
            {
                session.stuckCheckPosition = position;
                session.stuckSinceMs = nowMs;
            }
            else if (nowMs - session.stuckSinceMs >= STUCK_IMAGE_MS)
            {
                // Step over the frame nobody will write, to the end of its term: nothing of a gone client is left
                // to read, and the driver then finds the log drained and frees it.
                image.position(endOfTerm(position, image.termBufferLength()));
                counters.stuckSessionsClosed.incrementRelease();
                onRequestImageUnavailable(session.sessionId);
                workCount++;
            }
        }
        return workCount;
    }

    /**
     * Collect response publications that have become ready, and close sessions that failed a delivery.
     *
     * @return work done.
     */
    int doWork()
    {
        int workCount = 0;
        for (int i = awaitingPublication.size() - 1; i >= 0; i--)
        {
            final ClientSession session = awaitingPublication.get(i);
            try
            {
                final ExclusivePublication publication = aeron.getExclusivePublication(
                    session.publicationRegistrationId);
                if (null != publication)
                {
                    session.publication = publication;
                    awaitingPublication.remove(i);
                    workCount++;
                }
            }
            catch (final RuntimeException ex)
            {
                awaitingPublication.remove(i);
                session.isFailed = true;
                errorHandler.onError(ex);
            }
        }
        for (int i = backlogged.size() - 1; i >= 0; i--)
        {
            final ClientSession session = backlogged.get(i);
            final int sent = session.isFailed || null == session.publication ? -1 :
                session.backlog.drain(session.publication);
            if (sent < 0)
            {
                markFailed(session);
            }
            workCount += Math.max(0, sent);
            if (sent < 0 || session.backlog.isEmpty())
            {
                session.isBacklogListed = false;
                backlogged.remove(i);
            }
        }
        if (!failed.isEmpty())
        {
            for (final ClientSession session : failed)
            {
                // The image stays until the client goes, so the session is kept but answers nothing more.
                removeFromEngine(session.sessionId);
                CloseHelper.close(errorHandler, session.publication);
                session.publication = null;
            }
            workCount += failed.size();
            failed.clear();
        }
        return workCount;
    }

    private int connectedCount()
    {
        int count = 0;
        for (final ClientSession session : sessionById.values())
        {
            if (session.isHandshakeDone)
            {
                count++;
            }
        }
        return count;
    }

    /**
     * The handshake: tie the session to the client's Aeron client, whose heartbeat tells when the client dies, and
     * answer it.
     */
    void onConnect(
        final ClientSession session, final long correlationId, final long aeronClientId, final int maxTupleLength)
    {
        if (CountersReader.NULL_COUNTER_ID == HeartbeatTimestamp.findCounterIdByRegistrationId(
            aeron.countersReader(), HeartbeatTimestamp.HEARTBEAT_TYPE_ID, aeronClientId))
        {
            onError(session.sessionId, correlationId, ErrorCode.NOT_CONNECTED, "the ConnectRequest names Aeron client " +
                aeronClientId + ", which has no heartbeat in this server's driver: it has closed, or it is not the " +
                "Aeron client that publishes this session's requests");
            return;
        }
        final int maxClients = ctx.limits().maxClients();
        if (!session.isHandshakeDone && connectedCount() >= maxClients)
        {
            onLimitExceeded(session.sessionId, correlationId, Limit.CLIENTS, maxClients, Limits.refusal(Limit.CLIENTS,
                maxClients, "reached", maxClients + " clients are connected to this server; close one, or raise it"));
            return;
        }
        forgetAeronClient(session);
        session.aeronClientId = aeronClientId;
        sessionByAeronClientId.put(aeronClientId, session);
        session.isHandshakeDone = true;
        sent(session, publisher.sendConnectResponse(session, correlationId, session.sessionId, maxTupleLength));
    }

    public void onOutAccepted(final long sessionId, final long correlationId)
    {
        final ClientSession session = sessionById.get((int)sessionId);
        if (null != session)
        {
            sent(session, publisher.sendOutResponse(session, correlationId));
        }
    }

    public void onLease(final long sessionId, final long correlationId, final long leaseId, final long grantedMs)
    {
        final ClientSession session = sessionById.get((int)sessionId);
        if (null != session)
        {
            sent(session, publisher.sendLease(session, correlationId, leaseId, grantedMs));
        }
    }

    public void onTransaction(
        final long sessionId, final long correlationId, final long transactionId, final long grantedMs)
    {
        final ClientSession session = sessionById.get((int)sessionId);
        if (null != session)
        {
            sent(session, publisher.sendTransaction(session, correlationId, transactionId, grantedMs));
        }
    }

    public void onRegistration(
        final long sessionId, final long correlationId, final long registrationId, final long grantedMs)
    {
        final ClientSession session = sessionById.get((int)sessionId);
        if (null != session)
        {
            sent(session, publisher.sendRegistration(session, correlationId, registrationId, grantedMs));
        }
    }

    public void onEvent(
        final long sessionId,
        final long registrationId,
        final long sequenceNumber,
        final DirectBuffer tuple,
        final int offset,
        final int length)
    {
        final ClientSession session = sessionById.get((int)sessionId);
        if (null != session && !session.isFailed)
        {
            if (sent(session, publisher.sendEvent(session, registrationId, sequenceNumber, tuple, offset, length)))
            {
                // Sent or queued in the backlog: either way the client will map its segments and release them.
                segments.onDelivered(session.sessionId, tuple, offset);
            }
        }
    }

    public boolean onTuple(
        final long sessionId, final long correlationId, final DirectBuffer tuple, final int offset, final int length)
    {
        final ClientSession session = sessionById.get((int)sessionId);
        if (null == session || session.isFailed)
        {
            counters.undeliverable.incrementRelease();
            return false;
        }
        if (!sent(session, publisher.sendTuple(session, correlationId, tuple, offset, length)))
        {
            counters.undeliverable.incrementRelease();
            return false;
        }
        segments.onDelivered(session.sessionId, tuple, offset);
        return true;
    }

    public boolean onTuples(final long sessionId, final long correlationId, final TupleBatch tuples)
    {
        final ClientSession session = sessionById.get((int)sessionId);
        if (null == session || session.isFailed)
        {
            counters.undeliverable.getAndAddRelease(tuples.count());
            return false;
        }
        if (!sent(session, publisher.sendTuples(session, correlationId, tuples)))
        {
            counters.undeliverable.getAndAddRelease(tuples.count());
            return false;
        }
        for (int i = 0, count = tuples.count(); i < count; i++)
        {
            segments.onDelivered(session.sessionId, tuples.buffer(i), tuples.offset(i));
        }
        return true;
    }

    public void onNoMatch(final long sessionId, final long correlationId, final NoMatchReason reason)
    {
        final ClientSession session = sessionById.get((int)sessionId);
        if (null != session)
        {
            sent(session, publisher.sendNoMatch(session, correlationId, reason));
        }
    }

    public void onError(final long sessionId, final long correlationId, final ErrorCode code, final String message)
    {
        counters.onError(code);
        final ClientSession session = sessionById.get((int)sessionId);
        if (null != session)
        {
            sent(session, publisher.sendError(session, correlationId, code, message));
        }
    }

    public void onLimitExceeded(
        final long sessionId, final long correlationId, final Limit limit, final long value, final String message)
    {
        counters.onError(ErrorCode.LIMIT_EXCEEDED);
        final ClientSession session = sessionById.get((int)sessionId);
        if (null != session)
        {
            sent(session, publisher.sendLimitExceeded(session, correlationId, limit, value, message));
        }
    }

    /**
     * A client that has closed or died: answer nothing more, drop its waiting requests and abort its transactions
     * now. The outs it sent before it went still land ({@link RequestAdapter}).
     */
    void onClientGone(final ClientSession session)
    {
        if (!session.isClientGone)
        {
            session.isClientGone = true;
            goneWithImage.add(session);
        }
        markFailed(session);
    }

    public void close()
    {
        sessionById.values().forEach(this::close);
        sessionById.clear();
    }

    /**
     * Account for a message to a session: fail the session if it could be neither sent nor kept, and drain its
     * backlog from now on if it went there.
     *
     * @return whether the message was sent or kept.
     */
    private boolean sent(final ClientSession session, final boolean isSentOrKept)
    {
        if (!isSentOrKept)
        {
            markFailed(session);
            return false;
        }
        if (!session.isBacklogListed && !session.backlog.isEmpty())
        {
            session.isBacklogListed = true;
            backlogged.add(session);
        }
        return true;
    }

    private void markFailed(final ClientSession session)
    {
        if (!session.isFailed)
        {
            session.isFailed = true;
            failed.add(session);
        }
    }

    /**
     * Drop what the engine holds for a session that has gone, and count the transactions that aborted with it.
     */
    void removeFromEngine(final int sessionId)
    {
        final long openBefore = engine.openTransactionCount();
        engine.removeSession(sessionId);
        counters.transactionsAbortedClientGone.getAndAddRelease(openBefore - engine.openTransactionCount());
    }

    private static long endOfTerm(final long position, final int termLength)
    {
        return (position & ~((long)termLength - 1)) + termLength;
    }

    private void forgetAeronClient(final ClientSession session)
    {
        if (ClientSession.NO_AERON_CLIENT != session.aeronClientId &&
            sessionByAeronClientId.get(session.aeronClientId) == session)
        {
            sessionByAeronClientId.remove(session.aeronClientId);
        }
    }

    private void close(final ClientSession session)
    {
        removeFromEngine(session.sessionId);
        segments.onSessionClosed(session.sessionId);
        CloseHelper.close(errorHandler, session.publication);
        session.publication = null;
    }
}
