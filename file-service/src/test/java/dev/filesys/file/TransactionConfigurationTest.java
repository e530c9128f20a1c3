package dev.filesys.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ORM's pending changes reach the database before the before-commit callbacks run (the event outbox relies on it),
 * isolated from a database by a mocked persistence unit that records the order of flush, callbacks and commit.
 */
class TransactionConfigurationTest {

    private final List<String> happened = new ArrayList<>();
    private final JpaTransactionManager manager = manager();

    @Test
    void aReadWriteTransactionIsFlushedBeforeItsBeforeCommitCallbacks() {
        new TransactionTemplate(manager).executeWithoutResult(status -> registerCallback());

        assertThat(happened).containsExactly("flush", "beforeCommit", "commit");
    }

    @Test
    void aReadOnlyTransactionIsNotFlushed() {
        TransactionTemplate readOnly = new TransactionTemplate(manager);
        readOnly.setReadOnly(true);

        readOnly.executeWithoutResult(status -> registerCallback());

        assertThat(happened).containsExactly("beforeCommit", "commit");
    }

    private void registerCallback() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                happened.add("beforeCommit");
            }
        });
    }

    private JpaTransactionManager manager() {
        EntityManagerFactory factory = mock();
        EntityManager entityManager = mock();
        EntityTransaction transaction = mock();
        given(factory.createEntityManager()).willReturn(entityManager);
        given(entityManager.getTransaction()).willReturn(transaction);
        willAnswer(invocation -> happened.add("flush")).given(entityManager).flush();
        willAnswer(invocation -> happened.add("commit")).given(transaction).commit();
        JpaTransactionManager manager = new TransactionConfiguration()
                .transactionManager(
                        new StaticListableBeanFactory().getBeanProvider(TransactionManagerCustomizers.class));
        manager.setEntityManagerFactory(factory);
        return manager;
    }
}
