package dev.filesys.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The scheduler for a service's background jobs (imported by each service; docs/architecture.md says how jobs use it).
 * Each job runs at a fixed delay on a virtual thread of a pool with room for every job, so one that hangs on a dead
 * database or peer does not hold up the others (Spring Boot's scheduler for virtual threads runs all fixed-delay jobs
 * on one thread). A failing run is logged; the next runs as planned. The scheduler pauses while the context is stopped;
 * on close it interrupts runs in progress and waits briefly.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class BackgroundTasks {

    private static final Logger log = LoggerFactory.getLogger(BackgroundTasks.class);

    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(16); // more than the jobs a service runs
        scheduler.setVirtualThreads(true);
        scheduler.setThreadNamePrefix("background-");
        scheduler.setErrorHandler(failure -> log.warn("background job failed: {}", failure.toString()));
        scheduler.setAwaitTerminationSeconds(2);
        return scheduler;
    }
}
