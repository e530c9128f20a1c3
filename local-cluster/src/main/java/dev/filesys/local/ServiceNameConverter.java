package dev.filesys.local;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %service} in a Logback pattern: the service the logging thread works for ({@code balancer}, {@code file-1},
 * {@code postgres}, …). It reads the thread's name at the time of the call, which is right because the launcher's
 * appenders write synchronously, on the thread that logged.
 */
public final class ServiceNameConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return ServiceName.current();
    }
}
