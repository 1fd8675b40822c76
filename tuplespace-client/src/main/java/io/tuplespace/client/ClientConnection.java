package io.tuplespace.client;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.exceptions.DriverTimeoutException;
import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.InvalidTupleException;
import io.tuplespace.core.SegmentUnavailableException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;

import java.io.File;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transport under a {@link TupleSpace}: the Aeron connection and handshake, correlation ids, the pending-request
 * slots and the wait for their responses, the mapping of error responses to exceptions, and the closed state.
 * Thread-safe: a thread waiting for its response polls the response stream itself when no other thread does.
 */
final class ClientConnection
{
    private final ClientContext ctx;
    private final Aeron aeron;
    private final ExclusivePublication requestPublication;
    private final Subscription responseSubscription;
    private final RequestProxy requestProxy;
    private final PendingRequests pendingByCorrelationId = new PendingRequests();
    private final AsyncOuts asyncOuts = new AsyncOuts();
    private final EventDispatcher eventDispatcher;
    private final ResponseAdapter responseAdapter = new ResponseAdapter(pendingByCorrelationId, asyncOuts);
    private final FragmentAssembler responseAssembler = new FragmentAssembler(responseAdapter);
    private final ReentrantLock pollLock = new ReentrantLock();
    private final AtomicLong nextCorrelationId = new AtomicLong(1);
    private final ThreadLocal<CallerThread> callerThread;
    private final int maxTupleLength;
    private final SharedMemory sharedMemory;
    private volatile String closedReason;

    /**
     * Connect and handshake.
     *
     * @throws ServerNotRunningException naming the directory it looked in, if no server answers.
     * @throws VersionMismatchException  if the server speaks another protocol version.
     */
    ClientConnection(final ClientContext ctx)
    {
        this.ctx = ctx;
        this.callerThread = ThreadLocal.withInitial(() -> new CallerThread(ctx.newResponseWaitIdleStrategy()));
        this.eventDispatcher = new EventDispatcher(this::pollResponses, ctx.newIdleStrategy());
        final String dir = ctx.dir();
        if (!new File(dir, CncFileDescriptor.CNC_FILE).exists())
        {
            throw new ServerNotRunningException("no tuple space server: no media driver in " + dir +
                " (start one with 'bin/tuplespace server', or point -D" + CommonConfiguration.DIR_PROP_NAME +
                " at the server's directory)");
        }
        try
        {
            aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(dir)
                .driverTimeoutMs(TimeUnit.NANOSECONDS.toMillis(ctx.connectTimeoutNs()))
                .clientName("tuplespace-client " + ctx.clientName())
                .errorHandler(this::onAeronError));
        }
        catch (final DriverTimeoutException ex)
        {
            throw new ServerNotRunningException("no tuple space server: the media driver in " + dir +
                " does not respond (a stale directory left by a server that died?)", ex);
        }
        try
        {
            requestPublication = aeron.addExclusivePublication(
                new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA).termLength(ctx.termLength()).build(),
                ctx.requestStreamId());
            responseSubscription = aeron.addSubscription(
                new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA)
                    .sessionId(requestPublication.sessionId()).build(),
                ctx.responseStreamId());
            responseAdapter.events(eventDispatcher);
            requestProxy = new RequestProxy(
                requestPublication, ctx.newIdleStrategy(), this::checkOpen, asyncOuts::nextCorrelationId,
                CommonConfiguration.maxMessageLength(ctx.termLength()) / 2);
            awaitServerSubscribed();
            maxTupleLength = handshake();
            sharedMemory = new SharedMemory(
                CommonConfiguration.segmentsDir(dir), requestPublication.sessionId(), ctx.segmentPrefault(),
                ctx.segmentMinFree());
            responseAdapter.segmentResolver(sharedMemory);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(aeron);
            throw ex;
        }
    }

    RequestProxy requestProxy()
    {
        return requestProxy;
    }

    AsyncOuts asyncOuts()
    {
        return asyncOuts;
    }

    EventDispatcher eventDispatcher()
    {
        return eventDispatcher;
    }

    SharedMemory sharedMemory()
    {
        return sharedMemory;
    }

    int sessionId()
    {
        return requestPublication.sessionId();
    }

    /**
     * @return the largest encoded tuple the server accepts, as it said in the handshake.
     */
    int serverMaxTupleLength()
    {
        return maxTupleLength;
    }

    boolean isClosed()
    {
        return null != closedReason;
    }

    /**
     * Send the queued pipelined outs, end the session, and release what this client holds.
     */
    void close()
    {
        if (null == closedReason)
        {
            if (requestPublication.isConnected())
            {
                try
                {
                    requestProxy.sendPendingBatch();
                }
                catch (final TupleSpaceClosedException ignore)
                {
                    // The server is gone; there is nobody to send the queued tuples to.
                }
            }
            closedReason = "the client was closed";
            eventDispatcher.close();
            sharedMemory.close();
            if (requestPublication.isConnected())
            {
                requestProxy.tryDisconnect(nextCorrelationId.getAndIncrement());
            }
            CloseHelper.close(aeron);
        }
    }

    /**
     * @return a new slot for a request's response, registered under a fresh correlation id.
     * @throws TupleSpaceClosedException if the client or the server has closed.
     */
    PendingRequest register()
    {
        return registered(new PendingRequest());
    }

    /**
     * As {@link #register()}, but the slot is the calling thread's own, reused from call to call: a synchronous
     * call allocates none. Hand it back with {@link #release} once its answer has been read.
     */
    PendingRequest registerOwn()
    {
        final PendingRequest request = callerThread.get().request;
        if (request.isInUse)
        {
            // A call made from inside this thread's own wait for another answer (a supplied idle strategy).
            return register();
        }
        registered(request);
        request.isInUse = true;
        return request;
    }

    /**
     * Give back a slot from {@link #registerOwn()}. One whose answer never came is dropped, not reused: the answer
     * may yet be written into it.
     */
    void release(final PendingRequest request)
    {
        if (request.isInUse)
        {
            request.isInUse = false;
            if (!request.isDone())
            {
                pendingByCorrelationId.remove(request.correlationId);
                callerThread.get().request = new PendingRequest();
            }
        }
    }

    /**
     * Wait for the response to a registered request, polling the response stream when no other thread does.
     *
     * @param isCancellable whether an interrupt asks the server to cancel the request (a waiting match).
     * @throws TupleSpaceClosedException if the client or the server closes while waiting.
     */
    void awaitResponse(final PendingRequest request, final boolean isCancellable)
    {
        final IdleStrategy idle = callerThread.get().idleStrategy;
        idle.reset();
        boolean isCancelSent = false;
        while (!request.isDone())
        {
            final int workCount = pollResponses();
            if (request.isDone())
            {
                break;
            }
            if (!isServerReachable() && !request.isDone())
            {
                pendingByCorrelationId.remove(request.correlationId);
                checkOpen();
                throw new TupleSpaceClosedException("the tuple space server went away");
            }
            if (isCancellable && !isCancelSent && Thread.interrupted())
            {
                // The final answer still comes: CANCELLED, or the tuple if it matched first. Never drop it.
                requestProxy.cancel(request.correlationId);
                isCancelSent = true;
            }
            idle.idle(workCount);
        }
    }

    /**
     * Wait until at most {@code inFlight} batches of pipelined outs are unacknowledged.
     */
    void awaitAsyncOutsAtMost(final long inFlight)
    {
        final IdleStrategy idle = callerThread.get().idleStrategy;
        idle.reset();
        while (asyncOuts.inFlight() > inFlight)
        {
            final int workCount = pollResponses();
            if (asyncOuts.inFlight() <= inFlight)
            {
                break;
            }
            if (!isServerReachable())
            {
                checkOpen();
            }
            idle.idle(workCount);
        }
    }

    /**
     * @throws TupleSpaceClosedException if the client or the server has closed.
     */
    void checkOpen()
    {
        final String reason = closedReason;
        if (null != reason)
        {
            throw new TupleSpaceClosedException(reason);
        }
    }

    /**
     * Throw the exception an error response stands for; nothing if the request succeeded.
     */
    static void throwIfError(final PendingRequest request)
    {
        if (PendingRequest.Outcome.ERROR != request.outcome)
        {
            return;
        }
        switch (request.errorCode)
        {
            case INVALID_TUPLE:
            case INVALID_TEMPLATE:
                throw new InvalidTupleException(request.errorMessage);
            case LIMIT_EXCEEDED:
                throw new LimitExceededException(request.exceededLimit, request.limitValue, request.errorMessage);
            case VERSION_MISMATCH:
                throw new VersionMismatchException(request.errorMessage);
            case UNKNOWN_LEASE:
                throw new UnknownLeaseException(request.errorMessage);
            case UNKNOWN_TRANSACTION:
                throw new UnknownTransactionException(request.errorMessage);
            case UNKNOWN_REGISTRATION:
                throw new UnknownLeaseException(request.errorMessage);
            case SHUTTING_DOWN:
                throw new TupleSpaceClosedException(request.errorMessage);
            case UNKNOWN_SEGMENT:
                throw new SegmentUnavailableException(request.errorMessage);
            default:
                throw new ServerErrorException(request.errorCode, request.errorMessage);
        }
    }

    private PendingRequest registered(final PendingRequest request)
    {
        checkOpen();
        request.prepare(nextCorrelationId.getAndIncrement());
        pendingByCorrelationId.put(request);
        return request;
    }

    private int pollResponses()
    {
        if (pollLock.tryLock())
        {
            try
            {
                final int workCount = responseSubscription.poll(responseAssembler, 16);
                // Tuples just decoded may have mapped segments: tell the server it may delete their files.
                if (null != sharedMemory && sharedMemory.hasReleases())
                {
                    sharedMemory.sendReleases(requestProxy, nextCorrelationId.getAndIncrement());
                }
                return workCount;
            }
            finally
            {
                pollLock.unlock();
            }
        }
        return 0;
    }

    private boolean isServerReachable()
    {
        if (null != closedReason)
        {
            return false;
        }
        final String protocolError = responseAdapter.protocolError();
        if (null != protocolError)
        {
            closedReason = "the server sent a response this client cannot handle: " + protocolError;
            return false;
        }
        if (!responseSubscription.isConnected() || !requestPublication.isConnected())
        {
            // A stopping server answers waiting requests before it closes: read what it sent before the log goes.
            while (pollResponses() > 0)
            {
            }
            closedReason = "the tuple space server went away (stopped, or closed this session)";
            CloseHelper.quietClose(aeron);
            return false;
        }
        return true;
    }

    private void awaitServerSubscribed()
    {
        final long deadlineNs = System.nanoTime() + ctx.connectTimeoutNs();
        final IdleStrategy idle = callerThread.get().idleStrategy;
        while (!requestPublication.isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new ServerNotRunningException("no tuple space server: a media driver runs in " + ctx.dir() +
                    " but no server subscribed to stream " + ctx.requestStreamId() + " within " +
                    TimeUnit.NANOSECONDS.toMillis(ctx.connectTimeoutNs()) + " ms");
            }
            idle.idle();
        }
    }

    private int handshake()
    {
        final PendingRequest request = register();
        requestProxy.connect(request.correlationId, aeron.clientId(), ctx.clientName());
        final long deadlineNs = System.nanoTime() + ctx.connectTimeoutNs();
        final IdleStrategy idle = callerThread.get().idleStrategy;
        while (!request.isDone())
        {
            final int workCount = responseSubscription.poll(responseAssembler, 16);
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new ServerNotRunningException("the tuple space server in " + ctx.dir() +
                    " did not answer the handshake within " +
                    TimeUnit.NANOSECONDS.toMillis(ctx.connectTimeoutNs()) + " ms");
            }
            idle.idle(workCount);
        }
        if (PendingRequest.Outcome.ERROR == request.outcome)
        {
            if (ErrorCode.VERSION_MISMATCH == request.errorCode)
            {
                throw new VersionMismatchException(request.errorMessage);
            }
            throwIfError(request);
        }
        return request.maxTupleLength;
    }

    /**
     * What a thread that calls this client keeps between calls.
     */
    private static final class CallerThread
    {
        final IdleStrategy idleStrategy;
        PendingRequest request = new PendingRequest();

        CallerThread(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = idleStrategy;
        }
    }

    private void onAeronError(final Throwable error)
    {
        if (null == closedReason)
        {
            closedReason = "lost the media driver in " + ctx.dir() + ": " + error.getMessage();
        }
    }
}
