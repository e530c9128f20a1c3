package dev.filesys.local;

import java.util.concurrent.Callable;

/**
 * Which of the services in this JVM a thread works for, so that every log line can name it. The services share one
 * class path and one logging system, so neither the logger's name nor Spring's application name tells them apart;
 * the threads do. The name is set on the thread that starts a service, and every thread created from it (Tomcat's
 * acceptor and its request threads, schedulers, the database pool, clients) inherits it.
 */
final class ServiceName {

    /** Lines from threads no service started (the JVM's own, a shared pool) carry this. */
    static final String NONE = "-";

    private static final InheritableThreadLocal<String> CURRENT = new InheritableThreadLocal<>();

    private ServiceName() {}

    static String current() {
        String name = CURRENT.get();
        return name != null ? name : NONE;
    }

    /** Runs {@code work} as {@code service}: the threads it creates keep the name after it returns. */
    static <T> T during(String service, Callable<T> work) throws Exception {
        String previous = CURRENT.get();
        CURRENT.set(service);
        try {
            return work.call();
        } finally {
            CURRENT.set(previous);
        }
    }
}
