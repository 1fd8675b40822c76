package io.tuplespace.server;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.CloseHelper;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.TimeUnit;

/**
 * The server's duty cycle: run the Aeron client conductor (so image events arrive on this thread), collect new
 * response publications, poll requests from every client, expire timed-out requests, and publish the counters.
 * <p>
 * Everything the engine sees happens on this one thread, in the order the duty cycle reads it.
 */
final class TupleSpaceAgent implements Agent
{
    private static final long SESSION_ID_MASK = 0xFFFF_FFFFL;
    private static final long IMAGE_AVAILABLE = 1L << 32;
    private static final long HOUSEKEEPING_INTERVAL_MS = 100;

    private final AgentInvoker aeronInvoker;
    private final NanoClock nanoClock;
    private final int fragmentLimit;
    private final TupleSpaceCounters counters;
    private final ClientSessions sessions;
    private final TupleSpaceEngine engine;
    private final SegmentStore segments;
    private final RequestAdapter requestAdapter;
    private final ControlledFragmentAssembler requestAssembler;
    private final Subscription requestSubscription;
    private final LongArrayList imageEvents = new LongArrayList();
    private long nextHousekeepingMs;
    private long lastConductorMs = Long.MIN_VALUE;
    private boolean isConductorBusy;
    private long lastExpiryMs = Long.MIN_VALUE;
    private long lastGaugesMs = Long.MIN_VALUE;
    private boolean areGaugesStale;

    TupleSpaceAgent(final ServerContext ctx, final Aeron aeron)
    {
        this.aeronInvoker = aeron.conductorAgentInvoker();
        this.nanoClock = ctx.nanoClock();
        this.fragmentLimit = ctx.fragmentLimit();
        this.counters = new TupleSpaceCounters(aeron);
        this.sessions = new ClientSessions(aeron, ctx, new ResponsePublisher(), counters);
        this.engine = new TupleSpaceEngine(sessions, nowMs()).maxBatchBytes(ctx.maxBatchBytes()).limits(ctx.limits());
        this.sessions.engine(engine);
        this.segments = new SegmentStore(SegmentStore.dirFor(ctx.dir()), ctx.errorHandler());
        this.engine.storedTupleListener(segments);
        this.sessions.segments(segments);
        this.requestAdapter = new RequestAdapter(
            sessions, engine, segments, counters, ctx.errorHandler(), ctx.maxTupleLength());
        this.requestAssembler = new ControlledFragmentAssembler(requestAdapter);
        aeron.addUnavailableCounterHandler(sessions::onUnavailableCounter);
        this.requestSubscription = aeron.addSubscription(
            CommonConfiguration.IPC_CHANNEL,
            ctx.requestStreamId(),
            this::onRequestImageAvailable,
            this::onRequestImageUnavailable);
    }

    public String roleName()
    {
        return "tuplespace-server";
    }

    public int doWork()
    {
        final long nowMs = nowMs();
        int workCount = 0;
        // The Aeron client conductor (image events, the driver's answers, keepalives) runs once a millisecond, and
        // again at once while it finds work: on every cycle, its lock and clock read stood before every poll.
        if (nowMs != lastConductorMs || isConductorBusy)
        {
            lastConductorMs = nowMs;
            final int conductorWork = aeronInvoker.invoke();
            isConductorBusy = conductorWork > 0;
            workCount += conductorWork;
        }
        // Checked on every cycle, not only those that run the conductor: the client may have been closed in between.
        if (aeronInvoker.isClosed())
        {
            // The conductor closes itself on a fatal error (this thread stalled past the client liveness timeout,
            // or the driver went); its counters and logs are unmapped, so writing one more would crash the JVM.
            throw new AgentTerminationException("the server's Aeron client has closed; the server stops");
        }
        workCount += processImageEvents();
        workCount += sessions.doWork();
        requestAdapter.nowMs(nowMs);
        // Expire first, so no request of this instant is answered with a tuple whose lease has run out. Nothing
        // made within a millisecond expires within it, so once per millisecond is enough: polling the timer wheels
        // costs a scan of a wheel slot, which grows with the leased tuples.
        if (nowMs != lastExpiryMs)
        {
            lastExpiryMs = nowMs;
            workCount += engine.expireTimeouts(nowMs);
        }
        workCount += requestSubscription.controlledPoll(requestAssembler, fragmentLimit);
        workCount += segments.reclaim();
        if (nowMs >= nextHousekeepingMs)
        {
            nextHousekeepingMs = nowMs + HOUSEKEEPING_INTERVAL_MS;
            workCount += sessions.closeStuckSessions(requestSubscription, nowMs);
            final Runtime runtime = Runtime.getRuntime();
            counters.heapUsed.setRelease(runtime.totalMemory() - runtime.freeMemory());
            counters.heapSamples.incrementRelease();
        }
        // The gauges are for people and tools reading the counters file: publishing them once a millisecond at most,
        // after work changed them, keeps seven ordered stores off each request's path.
        areGaugesStale |= workCount > 0;
        if (areGaugesStale && nowMs != lastGaugesMs)
        {
            areGaugesStale = false;
            lastGaugesMs = nowMs;
            counters.tuplesStored.setRelease(engine.storedCount());
            counters.bytesStored.setRelease(engine.storedBytes());
            counters.storedRecordBytes.setRelease(engine.storedRecordBytes());
            counters.storageFootprintBytes.setRelease(engine.storageFootprintBytes());
            counters.waitingRequests.setRelease(engine.waitingCount());
            counters.openTransactions.setRelease(engine.openTransactionCount());
            counters.takesUndeliverableTuplesKept.setRelease(engine.undeliveredTakeCount());
        }
        return workCount;
    }

    public void onClose()
    {
        // Tell waiting clients now, rather than leaving them to notice the server's image going away.
        engine.shutdown();
        CloseHelper.closeAll(sessions, requestSubscription, counters, segments);
    }

    TupleSpaceEngine engine()
    {
        return engine;
    }

    int sessionCount()
    {
        return sessions.size();
    }

    // Image events arrive inside the conductor's callbacks, where Aeron forbids adding or closing publications,
    // so they are queued and handled by the next duty cycle.
    private void onRequestImageAvailable(final Image image)
    {
        imageEvents.addLong(IMAGE_AVAILABLE | (image.sessionId() & SESSION_ID_MASK));
    }

    private void onRequestImageUnavailable(final Image image)
    {
        imageEvents.addLong(image.sessionId() & SESSION_ID_MASK);
    }

    private int processImageEvents()
    {
        final int count = imageEvents.size();
        for (int i = 0; i < count; i++)
        {
            final long event = imageEvents.getLong(i);
            final int sessionId = (int)(event & SESSION_ID_MASK);
            if (0 != (event & IMAGE_AVAILABLE))
            {
                sessions.onRequestImageAvailable(sessionId);
            }
            else
            {
                requestAssembler.freeSessionBuffer(sessionId);
                sessions.onRequestImageUnavailable(sessionId);
            }
        }
        imageEvents.clear();
        return count;
    }

    private long nowMs()
    {
        return TimeUnit.NANOSECONDS.toMillis(nanoClock.nanoTime());
    }
}
