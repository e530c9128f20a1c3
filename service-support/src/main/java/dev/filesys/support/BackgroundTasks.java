package dev.filesys.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The scheduler every background job of a service runs on (a service imports this class): health checks, heartbeats,
 * housekeeping. A bean whose period is a setting registers its jobs as a {@link
 * org.springframework.scheduling.annotation.SchedulingConfigurer}; one whose job starts and stops with the bean's own
 * lifecycle (a heartbeat only while registered) schedules it on the injected {@link
 * org.springframework.scheduling.TaskScheduler} and cancels it.
 *
 * <p>Each job runs at a fixed delay on a virtual thread of a pool with room for every job at once, so one that hangs on
 * a dead database or peer does not hold up the others (Spring Boot's default scheduler for virtual threads runs every
 * fixed-delay job on one thread). A failing run is logged and the next one runs as planned. The scheduler pauses when
 * the context stops and resumes when it starts again; on close it interrupts runs in progress and waits briefly.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class BackgroundTasks {

    private static final Logger log = LoggerFactory.getLogger(BackgroundTasks.class);

    /** More than the jobs one service runs, so each can hang without taking another's thread. */
    static final int POOL_SIZE = 16;

    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(POOL_SIZE);
        scheduler.setVirtualThreads(true);
        scheduler.setThreadNamePrefix("background-");
        scheduler.setErrorHandler(failure -> log.warn("background job failed: {}", failure.toString()));
        scheduler.setAwaitTerminationSeconds(2);
        return scheduler;
    }
}
