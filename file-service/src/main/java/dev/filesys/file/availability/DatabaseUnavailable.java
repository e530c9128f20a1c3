package dev.filesys.file.availability;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The database could not be reached (no connection from the pool, a connection lost mid-request, the server shutting
 * down): a passing condition, answered {@code 503} so clients retry, not {@code 500}.
 */
class DatabaseUnavailable extends ApiException {

    static final String RETRY_AFTER_SECONDS = "2";

    DatabaseUnavailable() {
        super(
                ApiError.DATABASE_UNAVAILABLE,
                "The database is unavailable; nothing was changed unless a later read shows it. Try again shortly.");
        getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    /**
     * Whether {@code failure}, or anything that caused it, says the database is out of reach rather than that the
     * request or the code is wrong: Spring's and Hibernate's connection failures, the JDBC connection exceptions,
     * SQLSTATE classes {@code 08} (connection exception) and {@code 57P} (the server is shutting down or starting), and
     * a commit or rollback that failed in JDBC (seen when the server stops mid-transaction: the pool closes the broken
     * connection, and the rollback's "Connection is closed" replaces the original failure).
     */
    static boolean isCause(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessResourceException
                    || cause instanceof JDBCConnectionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
            // a commit or rollback the connection failed (its server went away mid-transaction; the pool has closed it)
            if ((cause instanceof org.hibernate.TransactionException || cause instanceof TransactionSystemException)
                    && cause.getCause() instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
