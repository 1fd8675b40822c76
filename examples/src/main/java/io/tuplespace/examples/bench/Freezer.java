package io.tuplespace.examples.bench;

import io.tuplespace.examples.JvmProcess;
import org.agrona.SystemUtil;

import java.util.HashSet;
import java.util.Set;

/**
 * Freezes a child JVM (SIGSTOP) while another system is measured and thaws it (SIGCONT) for its own turn. Idle, a
 * JVM's threads still wake every millisecond or so (backoff parks, driver and client conductors); on a 2-core
 * machine each wake-up can take the core from a thread being measured. On Windows, which has no such signals,
 * freezing does nothing.
 * <p>
 * A frozen process ignores SIGTERM until it runs again, so whatever is still frozen when this JVM exits (Ctrl-C in
 * the middle of a round) is thawed by a shutdown hook, and then stops like the other children.
 */
final class Freezer
{
    private static final Set<Long> FROZEN_PIDS = new HashSet<>();
    private static boolean isShuttingDown;

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(Freezer::thawAllForGood, "bench-thaw"));
    }

    private Freezer()
    {
    }

    /**
     * Stop the process until {@link #thaw}; nothing once this JVM is shutting down, since the bench's thread may
     * still be running a round then.
     */
    static synchronized void freeze(final JvmProcess process)
    {
        if (!isShuttingDown)
        {
            FROZEN_PIDS.add(process.pid());
            signal(process.pid(), "-STOP");
        }
    }

    /**
     * Let the process run again; nothing if it has already gone (stopped by the bench's shutdown meanwhile).
     */
    static synchronized void thaw(final JvmProcess process)
    {
        thaw(process.pid());
        FROZEN_PIDS.remove(process.pid());
    }

    private static synchronized void thawAllForGood()
    {
        isShuttingDown = true;
        FROZEN_PIDS.forEach(Freezer::thaw);
        FROZEN_PIDS.clear();
    }

    private static void thaw(final long pid)
    {
        try
        {
            signal(pid, "-CONT");
        }
        catch (final IllegalStateException ex)
        {
            // A process killed in the meantime needs no thawing; any other failure is the bench's to report.
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                throw ex;
            }
        }
    }

    private static void signal(final long pid, final String signal)
    {
        if (!SystemUtil.isWindows())
        {
            SystemCommand.run("cannot run kill", "kill", signal, Long.toString(pid));
        }
    }
}
