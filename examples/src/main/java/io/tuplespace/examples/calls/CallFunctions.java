package io.tuplespace.examples.calls;

import java.util.concurrent.locks.LockSupport;

/**
 * The functions the call demos, tests and bench run on workers.
 */
public final class CallFunctions
{
    /** {@code primes(Range) -> long}: how many primes lie in the range, by trial division (CPU-bound). */
    public static final String PRIMES = "primes";

    /** {@code work(long call, long micros) -> long}: wait that long (times the worker's slowdown), return the
     * worker's id. */
    public static final String WORK = "work";

    /** {@code echo(x) -> x}: the trivial call of the bench. */
    public static final String ECHO = "echo";

    /**
     * A half-open range of numbers {@code [from, to)}; travels as an entry.
     *
     * @param from first number.
     * @param to   one past the last.
     */
    public record Range(long from, long to)
    {
    }

    private CallFunctions()
    {
    }

    /**
     * @return the primes in the range.
     */
    public static long countPrimes(final Range range)
    {
        long count = 0;
        for (long n = Math.max(2, range.from()); n < range.to(); n++)
        {
            if (isPrime(n))
            {
                count++;
            }
        }
        return count;
    }

    private static boolean isPrime(final long n)
    {
        if (n < 4)
        {
            return n >= 2;
        }
        if (0 == (n & 1))
        {
            return false;
        }
        for (long d = 3; d * d <= n; d += 2)
        {
            if (0 == n % d)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Wait without using the CPU, so that on a small machine a worker's speed is what it is told, not what share of
     * the cores it gets.
     */
    static void waitMicros(final long micros)
    {
        final long deadlineNs = System.nanoTime() + micros * 1_000;
        long remainingNs;
        while ((remainingNs = deadlineNs - System.nanoTime()) > 0)
        {
            LockSupport.parkNanos(remainingNs);
        }
    }
}
