package dev.filesys.file.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Many logins of one user from one address at once, as a client opening many sessions does: each reserves an attempt
 * against the user's and the address's keys (locking both rows), then succeeds (the user's key forgotten and the
 * address's attempt given back, both rows written in one transaction). No two logins may wait for each other in a
 * circle: PostgreSQL would end one with "deadlock detected", a 500 to the user. Forgetting the user's key before
 * giving back the address's did that to 3-5 of 2,000 concurrent logins.
 */
@FileServiceTest
class LoginThrottleConcurrencyTest {

    @Autowired
    LoginThrottle throttle;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
    }

    @Test
    void concurrentSuccessfulLoginsOfOneUserNeverDeadlock() throws Exception {
        String user = LoginThrottle.usernameKey("streams");
        String address = LoginThrottle.addressKey("127.0.0.1");
        int threads = 16;
        int loginsEach = 60;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int i = 0; i < loginsEach; i++) {
                        throttle.reserve(List.of(user, address), Instant.now());
                        throttle.succeeded(user, address);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }

        assertThat(failures).as("logins that failed").isEmpty();
    }
}
