package io.tuplespace.examples.bench;

import io.tuplespace.examples.JvmProcess;
import org.agrona.IoUtil;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The child JVMs and Aeron directories of one bench run. {@link #close()} stops every child by PID (SIGTERM, then
 * SIGKILL after 5 s) and deletes every directory; a shutdown hook does the same if the bench is interrupted
 * (Ctrl-C), so no child outlives it. Thread-safe.
 */
final class ChildProcesses implements AutoCloseable
{
    private final List<JvmProcess> processes = new ArrayList<>();
    private final List<File> dirs = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "bench-cleanup");

    ChildProcesses()
    {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Register an Aeron directory to delete at the end, deleting whatever a previous run left there now.
     *
     * @param dir to delete.
     * @return its path.
     */
    synchronized String directory(final File dir)
    {
        IoUtil.delete(dir, true);
        dirs.add(dir);
        return dir.getPath();
    }

    /**
     * Start a child JVM running {@code TupleSpaceCli} and wait for its ready line.
     *
     * @param name             for messages.
     * @param systemProperties {@code key=value} pairs passed as {@code -D}.
     * @param readyPrefix      the start of the line it prints when ready.
     * @param args             arguments to {@code TupleSpaceCli}.
     * @return the started process.
     * @throws IllegalStateException if it exits or stays silent for 60 s; the message holds its output.
     */
    JvmProcess startAndAwait(
        final String name, final List<String> systemProperties, final String readyPrefix, final String... args)
        throws InterruptedException
    {
        final JvmProcess process = start(name, systemProperties, args);
        process.awaitLine(line -> line.startsWith(readyPrefix), 60, TimeUnit.SECONDS);
        return process;
    }

    /**
     * Start a child JVM without waiting for it.
     *
     * @see #startAndAwait(String, List, String, String...)
     */
    JvmProcess start(final String name, final List<String> systemProperties, final String... args)
    {
        final Consumer<String> ignoreOutput = line -> {};
        final JvmProcess process = JvmProcess.start(name, systemProperties, ignoreOutput, args);
        synchronized (this)
        {
            processes.add(process);
        }
        return process;
    }

    /**
     * Stop one child now: SIGTERM, then SIGKILL if it has not exited after 5 s.
     *
     * @param process to stop.
     */
    void stop(final JvmProcess process)
    {
        process.close();
    }

    /**
     * @return every child's output, for a failure report.
     */
    synchronized String outputs()
    {
        final StringBuilder text = new StringBuilder();
        for (final JvmProcess process : processes)
        {
            text.append("--- ").append(process.name()).append(" (pid ").append(process.pid()).append(") ---\n")
                .append(process.outputText()).append('\n');
        }
        return text.toString();
    }

    public void close()
    {
        stopAll();
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ignore)
        {
            // The JVM is already shutting down and the hook has run or is running.
        }
    }

    private synchronized void stopAll()
    {
        processes.forEach(JvmProcess::close);
        dirs.forEach(dir -> IoUtil.delete(dir, true));
    }
}
