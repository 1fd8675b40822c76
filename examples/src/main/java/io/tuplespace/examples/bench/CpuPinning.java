package io.tuplespace.examples.bench;

import io.tuplespace.examples.JvmProcess;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pins the bench process to one CPU and the systems it measures to another (Linux, with {@code taskset}), and puts
 * every thread back on the CPUs the bench started with afterwards. Unpinned, the scheduler sometimes puts the two
 * threads of a round trip on the same CPU, where each answer waits for the other thread to yield: the median round
 * trip then jumps from about 0.2 us to 1-5 us for a while, for the baseline and the tuple space alike. Pinned, the
 * two always run side by side.
 */
final class CpuPinning implements AutoCloseable
{
    private static final long TASKSET_TIMEOUT_S = 10;

    private final String originalMask;
    private final List<Long> pids;

    private CpuPinning(final String originalMask, final List<Long> pids)
    {
        this.originalMask = originalMask;
        this.pids = pids;
    }

    /**
     * Pin every thread of this process to CPU 0 and every thread of the systems to CPU 1.
     *
     * @throws IllegalStateException if {@code taskset} is missing or fails, or this machine has fewer than 2 CPUs.
     */
    static CpuPinning pin(final JvmProcess... systems)
    {
        if (Runtime.getRuntime().availableProcessors() < 2)
        {
            throw new IllegalStateException("--pin needs 2 CPUs, this process may use " +
                Runtime.getRuntime().availableProcessors());
        }
        final long self = ProcessHandle.current().pid();
        final String mask = taskset("-p", Long.toString(self));
        final String originalMask = mask.substring(mask.lastIndexOf(':') + 1).trim();
        final List<Long> pids = new ArrayList<>();
        pids.add(self);
        for (final JvmProcess system : systems)
        {
            pids.add(system.pid());
        }
        final CpuPinning pinning = new CpuPinning(originalMask, pids);
        try
        {
            for (final JvmProcess system : systems)
            {
                taskset("-a", "-p", "-c", "1", Long.toString(system.pid()));
            }
            taskset("-a", "-p", "-c", "0", Long.toString(self));
        }
        catch (final RuntimeException ex)
        {
            pinning.close();
            throw ex;
        }
        return pinning;
    }

    /**
     * Put every thread of the bench and of the systems still running back on the bench's original CPUs, so the
     * JVMs started afterwards inherit all of them.
     */
    public void close()
    {
        for (final long pid : pids)
        {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                taskset("-a", "-p", originalMask, Long.toString(pid));
            }
        }
    }

    private static String taskset(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add("taskset");
        command.addAll(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(TASKSET_TIMEOUT_S, TimeUnit.SECONDS) || 0 != process.exitValue())
            {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
            }
            return output;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("--pin needs taskset (util-linux): " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), ex);
        }
    }
}
