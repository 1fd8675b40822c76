package io.tuplespace.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short operating system command ({@code kill}, {@code taskset}) and fails with its output if it does not
 * succeed.
 */
final class SystemCommand
{
    private static final long TIMEOUT_S = 10;

    private SystemCommand()
    {
    }

    /**
     * @param whenMissing said, with the cause, when the command cannot be started at all.
     * @param command     the program and its arguments.
     * @return what it printed, stdout and stderr merged.
     * @throws IllegalStateException if it cannot start, exits other than 0, or runs longer than 10 s.
     */
    static String run(final String whenMissing, final String... command)
    {
        final String line = String.join(" ", command);
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // Read before waiting: a process whose output fills the pipe would otherwise never exit.
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS) || 0 != process.exitValue())
            {
                process.destroyForcibly();
                throw new IllegalStateException(line + " failed: " + output.trim());
            }
            return output;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(whenMissing + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + line, ex);
        }
    }

    static String run(final String whenMissing, final List<String> command)
    {
        return run(whenMissing, command.toArray(new String[0]));
    }
}
