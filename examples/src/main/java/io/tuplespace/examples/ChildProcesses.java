package io.tuplespace.examples;

import org.agrona.IoUtil;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The child JVMs and Aeron directories of one run of a command (bench, soak). {@link #close()} stops every child by
 * PID (SIGTERM, then SIGKILL after 5 s) and deletes every directory; a shutdown hook does the same if the command is
 * interrupted (Ctrl-C), so no child outlives it. Thread-safe.
 */
public final class ChildProcesses implements AutoCloseable
{
    private final List<JvmProcess> processes = new ArrayList<>();
    private final List<File> dirs = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "child-processes-cleanup");
    private boolean isStopped;

    public ChildProcesses()
    {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Register an Aeron directory to delete at the end, deleting whatever a previous run left there now.
     *
     * @param dir to delete.
     * @return its path.
     */
    public synchronized String directory(final File dir)
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
    public JvmProcess startAndAwait(
        final String name, final List<String> systemProperties, final String readyPrefix, final String... args)
        throws InterruptedException
    {
        final JvmProcess process = start(name, systemProperties, args);
        process.awaitLine(line -> line.startsWith(readyPrefix), 60, TimeUnit.SECONDS);
        return process;
    }

    /**
     * As {@link #startAndAwait(String, List, String, String...)}, with JVM options (heap, GC) of the child's own.
     */
    public JvmProcess startAndAwait(
        final String name,
        final List<String> jvmOptions,
        final List<String> systemProperties,
        final String readyPrefix,
        final String... args)
        throws InterruptedException
    {
        final JvmProcess process;
        synchronized (this)
        {
            if (isStopped)
            {
                throw new IllegalStateException("not starting " + name + ": shutting down");
            }
            process = JvmProcess.start(name, jvmOptions, systemProperties, line -> {}, args);
            processes.add(process);
        }
        process.awaitLine(line -> line.startsWith(readyPrefix), 60, TimeUnit.SECONDS);
        return process;
    }

    /**
     * Start a child JVM without waiting for it.
     *
     * @see #startAndAwait(String, List, String, String...)
     */
    public JvmProcess start(final String name, final List<String> systemProperties, final String... args)
    {
        final Consumer<String> ignoreOutput = line -> {};
        return start(name, systemProperties, ignoreOutput, args);
    }

    /**
     * Start a child JVM without waiting for it, passing its output lines to a listener.
     *
     * @param listener receives each output line, on a thread of its own.
     * @throws IllegalStateException once the children are being stopped (Ctrl-C), so that none starts too late to
     *                               be stopped.
     * @see #startAndAwait(String, List, String, String...)
     */
    public synchronized JvmProcess start(
        final String name, final List<String> systemProperties, final Consumer<String> listener, final String... args)
    {
        if (isStopped)
        {
            throw new IllegalStateException("not starting " + name + ": shutting down");
        }
        final JvmProcess process = JvmProcess.start(name, systemProperties, listener, args);
        processes.add(process);
        return process;
    }

    /**
     * Stop one child now: SIGTERM, then SIGKILL if it has not exited after 5 s.
     *
     * @param process to stop.
     */
    public void stop(final JvmProcess process)
    {
        process.close();
    }

    /**
     * @return every child's output, for a failure report.
     */
    public synchronized String outputs()
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
        isStopped = true;
        // SIGTERM to all first, so they shut down side by side rather than one 5 s wait after another.
        processes.forEach(JvmProcess::terminate);
        processes.forEach(JvmProcess::close);
        dirs.forEach(dir -> IoUtil.delete(dir, true));
    }
}
