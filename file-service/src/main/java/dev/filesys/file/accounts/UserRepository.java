package dev.filesys.file.accounts;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Users by id and by (lower-case) name. */
interface UserRepository extends JpaRepository<User, UUID>, UserStatements {

    /**
     * Every admin's row, locked until the transaction ends in a fixed order: two admins taking each other's rights at
     * once are decided one after the other, so the last active admin always stays.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from User u where u.role = 'admin' order by u.id")
    List<User> lockAdmins();

    /** The user's row, locked until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from User u where u.username = :username")
    Optional<User> findByUsernameForUpdate(
            @org.springframework.data.repository.query.Param("username") String username);

    Optional<User> findByUsername(String username);

    boolean existsByUsername(String username);
}
