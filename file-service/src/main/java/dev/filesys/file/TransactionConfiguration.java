package dev.filesys.file;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The transaction manager: Spring Boot's JPA one, except that a read-write transaction's pending ORM changes reach the
 * database before its before-commit callbacks run rather than inside the commit. Those callbacks (the event outbox
 * writes its rows there) then see every change of the transaction in the database, and their statements are the
 * transaction's last; none of them needs to know whether a feature wrote through JPA or SQL.
 */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

    @Bean
    JpaTransactionManager transactionManager(ObjectProvider<TransactionManagerCustomizers> customizers) {
        JpaTransactionManager manager = new FlushBeforeCommit();
        customizers.ifAvailable(configured -> configured.customize(manager));
        return manager;
    }

    private static final class FlushBeforeCommit extends JpaTransactionManager {

        @Override
        protected void prepareForCommit(DefaultTransactionStatus status) {
            if (status.isNewTransaction() && !status.isReadOnly()) {
                status.flush();
            }
        }
    }
}
