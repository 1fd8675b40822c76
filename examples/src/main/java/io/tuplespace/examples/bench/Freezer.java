package io.tuplespace.examples.bench;

import io.tuplespace.examples.JvmProcess;
import org.agrona.SystemUtil;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Freezes a child JVM (SIGSTOP) while another system is measured and thaws it (SIGCONT) for its own turn. Idle, a
 * JVM's threads still wake every millisecond or so (backoff parks, driver and client conductors); on a 2-core
 * machine each wake-up can take the core from a thread being measured. On Windows, which has no such signals,
 * freezing does nothing.
 */
final class Freezer
{
    private static final long SIGNAL_TIMEOUT_S = 10;

    private Freezer()
    {
    }

    static void freeze(final JvmProcess process)
    {
        signal(process, "-STOP");
    }

    static void thaw(final JvmProcess process)
    {
        signal(process, "-CONT");
    }

    private static void signal(final JvmProcess process, final String signal)
    {
        if (SystemUtil.isWindows())
        {
            return;
        }
        try
        {
            final Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
            if (!kill.waitFor(SIGNAL_TIMEOUT_S, TimeUnit.SECONDS) || 0 != kill.exitValue())
            {
                kill.destroyForcibly();
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " (" + process.name() +
                    ") failed: " + new String(kill.getInputStream().readAllBytes()).trim());
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run kill " + signal + " for " + process.name(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + process.name(), ex);
        }
    }
}
