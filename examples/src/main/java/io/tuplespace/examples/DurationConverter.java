package io.tuplespace.examples;

import org.agrona.SystemUtil;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/**
 * Parses durations the way Aeron properties do: {@code 500ms}, {@code 5s}, {@code 100us}, or plain nanoseconds.
 */
final class DurationConverter implements ITypeConverter<Duration>
{
    public Duration convert(final String value)
    {
        try
        {
            return Duration.ofNanos(SystemUtil.parseDuration("duration", value));
        }
        catch (final NumberFormatException ex)
        {
            throw new TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 5s, 100us)");
        }
    }
}
