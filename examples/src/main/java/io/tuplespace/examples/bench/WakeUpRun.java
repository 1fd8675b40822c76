package io.tuplespace.examples.bench;

/**
 * One measurement of {@code bench-wakeup}, as the bench sends it to the peer on one line.
 *
 * @param api       {@code js} or {@code native}, see {@link WakeUpSpace#connect}.
 * @param blockedNs how long a take has waited on the server before the write that wakes it is sent.
 * @param baseTakes the server's {@code in/take} count before the first round, when no take is pending.
 * @param rounds    wake-ups in all, each side taking every other one.
 * @param warmup    first rounds not recorded.
 */
record WakeUpRun(String api, long blockedNs, long baseTakes, int rounds, int warmup)
{
    private static final String PREFIX = "run ";

    String toLine()
    {
        return PREFIX + api + " " + blockedNs + " " + baseTakes + " " + rounds + " " + warmup;
    }

    /**
     * @throws IllegalArgumentException if the line is not one {@link #toLine()} makes.
     */
    static WakeUpRun parse(final String line)
    {
        final String[] words = line.trim().split(" ");
        if (!line.startsWith(PREFIX) || 6 != words.length)
        {
            throw new IllegalArgumentException("not a run: " + line);
        }
        return new WakeUpRun(words[1], Long.parseLong(words[2]), Long.parseLong(words[3]),
            Integer.parseInt(words[4]), Integer.parseInt(words[5]));
    }
}
